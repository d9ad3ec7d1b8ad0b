import { UserInputError } from "../../../errors.ts";
import { hostKey } from "../../../net/address-policy.ts";
import { WEBHOOK_TEXT } from "../../../messages/catalog.ts";

/** Where WeCom's group robots receive messages. */
export const WEBHOOK_HOST = "qyapi.weixin.qq.com";
export const WEBHOOK_PATH = "/cgi-bin/webhook/send";
const KEY = /^[A-Za-z0-9-]{8,64}$/;

export interface WebhookUrlOptions {
  /**
   * WECOM_WEBHOOK_ALLOWED_HOSTS (hostKey form): hosts besides WeCom's that may receive pushes, over
   * http or https on any port — a local stand-in in tests, a private WeCom deployment. Nothing else.
   */
  allowedHosts?: readonly string[];
}

export const WEBHOOK_URL_HELP = WEBHOOK_TEXT.urlHelp(`https://${WEBHOOK_HOST}${WEBHOOK_PATH}?key=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`);

/** The host exactly as typed (before the URL parser turns 127.1 or 0x7f.1 into 127.0.0.1). */
const TYPED_HOST = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]/?#]*\]|[^:/?#]*)/i;

/**
 * Checks a group-robot webhook URL and returns it normalised. Only WeCom's own host over https is
 * accepted, whatever NODE_ENV is, plus the hosts the operator allow-listed; a host typed in any
 * form other than its canonical one (127.1, 2130706433, 0x7f.1, ::ffff:127.0.0.1 …) is refused,
 * so an allow-list entry means exactly what it shows. The channel still resolves the name and
 * refuses private addresses when it sends (src/net/address-policy.ts).
 */
export function validateWebhookUrl(input: string, opts: WebhookUrlOptions = {}): string {
  const text = input.trim().replace(/^<|>$/g, "");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserInputError(WEBHOOK_TEXT.notUrl + WEBHOOK_URL_HELP);
  }
  const key = url.searchParams.get("key") ?? "";
  const typed = TYPED_HOST.exec(text)?.[1]?.toLowerCase();
  const canonical = typed !== undefined && typed === url.hostname;
  const allowed = (opts.allowedHosts ?? []).includes(hostKey(url.hostname)) && (url.protocol === "http:" || url.protocol === "https:");
  const official = url.protocol === "https:" && url.hostname === WEBHOOK_HOST && url.port === "";
  if (!canonical || (!official && !allowed) || url.pathname !== WEBHOOK_PATH) throw new UserInputError(WEBHOOK_TEXT.notWebhook + WEBHOOK_URL_HELP);
  if (!KEY.test(key)) throw new UserInputError(WEBHOOK_TEXT.noKey + WEBHOOK_URL_HELP);
  if (url.username || url.password || url.hash) throw new UserInputError(WEBHOOK_TEXT.badForm + WEBHOOK_URL_HELP);
  return url.toString();
}

/** The robot key, which identifies the robot (two names may share one robot). */
export function webhookKey(url: string): string {
  try {
    return new URL(url).searchParams.get("key") ?? url;
  } catch {
    return url;
  }
}

/** The URL with its key cut to the last four characters: safe for logs and chat echoes. */
export function redactWebhookUrl(url: string): string {
  try {
    const u = new URL(url);
    const key = u.searchParams.get("key");
    return `${u.origin}${u.pathname}?key=${key ? `…${key.slice(-4)}` : ""}`;
  } catch {
    return "[invalid url]";
  }
}

/** A name admins can type in chat and the CLI: 1–32 letters, digits, Chinese, - or _. */
export function validateWebhookName(input: string): string {
  const name = input.trim();
  if (!/^[\p{L}\p{N}_-]{1,32}$/u.test(name)) {
    throw new UserInputError(WEBHOOK_TEXT.badName);
  }
  return name;
}
