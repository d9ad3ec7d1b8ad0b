import { UserInputError } from "../../../errors.ts";

/** Where WeCom's group robots receive messages. */
export const WEBHOOK_HOST = "qyapi.weixin.qq.com";
export const WEBHOOK_PATH = "/cgi-bin/webhook/send";
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
const KEY = /^[A-Za-z0-9-]{8,64}$/;

export interface WebhookUrlOptions {
  /** Accept http://127.0.0.1 / localhost (tests, a local stand-in); never any other http host. */
  allowLocal?: boolean;
}

export const WEBHOOK_URL_HELP = `地址应形如 https://${WEBHOOK_HOST}${WEBHOOK_PATH}?key=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx（在群聊“消息推送/群机器人”设置中复制）。`;

/**
 * Checks a group-robot webhook URL and returns it normalised. Only WeCom's own host is accepted
 * in production, so an admin cannot point the bot's pushes (or requests) anywhere else.
 */
export function validateWebhookUrl(input: string, opts: WebhookUrlOptions = {}): string {
  const text = input.trim().replace(/^<|>$/g, "");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserInputError(`这不是有效的网址。${WEBHOOK_URL_HELP}`);
  }
  const key = url.searchParams.get("key") ?? "";
  const local = opts.allowLocal === true && url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname);
  const official = url.protocol === "https:" && url.hostname === WEBHOOK_HOST && url.pathname === WEBHOOK_PATH && url.port === "";
  if (!official && !local) throw new UserInputError(`只接受企业微信群机器人的 webhook 地址。${WEBHOOK_URL_HELP}`);
  if (!KEY.test(key)) throw new UserInputError(`webhook 地址缺少有效的 key 参数。${WEBHOOK_URL_HELP}`);
  if (url.username || url.password || url.hash) throw new UserInputError(`webhook 地址格式不对。${WEBHOOK_URL_HELP}`);
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
    throw new UserInputError("名称只能包含中文、字母、数字、- 或 _，最长 32 个字符，例如：推送群1。");
  }
  return name;
}
