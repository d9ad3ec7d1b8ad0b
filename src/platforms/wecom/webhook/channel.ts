import { createHash } from "node:crypto";
import type { ChannelLimits, DeliveryChannel, DeliveryOutcome, PushTarget } from "../../../digest/delivery.ts";
import { createLimiter, realSleep, type Sleep } from "../../../digest/limiter.ts";
import type { Logger } from "../../../logger.ts";
import type { Reply } from "../../../reply/types.ts";
import { renderWecomMarkdown, splitWecomMarkdown, WECOM_MARKDOWN_MAX_BYTES } from "../markdown.ts";
import type { WebhookService } from "../webhook-types.ts";
import { WEBHOOK_CHANNEL } from "./service.ts";
import { redactWebhookUrl, validateWebhookUrl, webhookKey } from "./url.ts";
import { AddressRefusedError, publicAddressPolicy, type Resolve } from "../../../net/address-policy.ts";
import { postJson, type PostJsonAnswer } from "../../../net/post-json.ts";
import { scrubSecrets } from "../../../safety/secrets.ts";
import { createPartProgress } from "../part-progress.ts";

/** WeCom group robots take at most 20 messages a minute each. */
export const WEBHOOK_LIMITS: ChannelLimits = { perChatPerMinute: 20, globalPerSecond: 20 };

/** errcode 45009: "api freq out of limit" — the robot's per-minute budget is used up. */
export const ERR_RATE_LIMIT = 45009;
/** Codes meaning the URL/key itself is bad: retrying the same message cannot help. */
const BAD_WEBHOOK = new Set([93000, 40008, 40058, 44004, 40001, 40014, 93017]);
const RETRY_NETWORK_MS = 30_000;
const RETRY_RATE_MS = 60_000;
/** The stored reason when the outbound policy refused the address (see webhookErrorText). */
export const ADDRESS_REFUSED = "address refused";

export interface WebhookChannelDeps {
  webhooks: WebhookService;
  logger: Logger;
  /** Name resolution (tests inject a table); the system resolver by default. */
  resolve?: Resolve;
  clock?: () => number;
  sleep?: Sleep;
  timeoutMs?: number;
}

/**
 * Delivery to group robots ("wecom-webhook"; the target's chatId is the webhook's registered name).
 * A reply becomes markdown messages of at most 4096 UTF-8 bytes, paced to 20 a minute per robot.
 * When a multi-part push is interrupted (rate limit, network), the parts already delivered are
 * remembered, so the fan-out's retry continues where it stopped instead of repeating them.
 *
 * Every request goes through the outbound-address policy: the stored URL is checked again (a
 * record from an older version may predate the rules), the name is resolved and private answers
 * refused, and redirects are not followed. Reasons are our own words — never the remote errmsg,
 * which is logged for the operator but neither stored nor shown in chat.
 */
export function createWebhookChannel(deps: WebhookChannelDeps): DeliveryChannel {
  const { webhooks, logger } = deps;
  const policy = publicAddressPolicy(webhooks.allowedHosts);
  // One limiter keyed by robot key, so two names registered for one robot share its budget.
  const limiter = createLimiter(WEBHOOK_LIMITS, deps.clock ?? Date.now, deps.sleep ?? realSleep);
  const progress = createPartProgress();

  async function fail(name: string, reason: string, permanent: boolean): Promise<DeliveryOutcome> {
    const { deactivated } = await webhooks.recordFailure(name, reason);
    return deactivated ? { status: "blocked", reason: `webhook deactivated: ${reason}` } : { status: "failed", reason, permanent };
  }

  return {
    name: WEBHOOK_CHANNEL,
    limits: WEBHOOK_LIMITS,
    async send(target: PushTarget, reply: Reply): Promise<DeliveryOutcome> {
      const name = target.chatId;
      const record = webhooks.lookup(name);
      if (!record) return { status: "blocked", reason: "webhook not registered" };
      if (!record.active) return { status: "blocked", reason: "webhook deactivated" };
      const key = webhookKey(record.url);
      const safeUrl = redactWebhookUrl(record.url);
      try {
        validateWebhookUrl(record.url, { allowedHosts: webhooks.allowedHosts });
      } catch {
        logger.warn({ webhook: name, url: safeUrl }, "wecom webhook: stored URL is not an allowed robot address; not sending");
        return fail(name, ADDRESS_REFUSED, true);
      }
      // Push-only groups have no bot to answer, so "send 案例 …" hints would mislead.
      const parts = splitWecomMarkdown(renderWecomMarkdown(reply, { commandHints: false }), WECOM_MARKDOWN_MAX_BYTES);
      const progressKey = `${key}|${createHash("sha1").update(parts.join("\u0000")).digest("hex")}`;

      for (let i = progress.get(progressKey); i < parts.length; i++) {
        await limiter.acquire(key);
        let answer: PostJsonAnswer;
        try {
          answer = await postJson(
            record.url,
            { msgtype: "markdown", markdown: { content: parts[i] } },
            { policy, resolve: deps.resolve, timeoutMs: deps.timeoutMs ?? 10_000 },
          );
        } catch (err) {
          if (err instanceof AddressRefusedError) {
            progress.done(progressKey);
            logger.warn({ webhook: name, url: safeUrl, reason: err.message }, "wecom webhook: address refused by the outbound policy");
            return fail(name, ADDRESS_REFUSED, true);
          }
          progress.remember(progressKey, i);
          const code = (err as NodeJS.ErrnoException).code;
          const reason = code ? `network error (${code})` : "network error";
          logger.warn(
            { webhook: name, url: safeUrl, err: scrubSecrets((err as Error).message) },
            "wecom webhook: send failed in transit; left pending for a later run",
          );
          // Not a wait inside this run: an unreachable robot must not hold `digest send` for minutes.
          // Not counted against the robot either (the network, not its URL, failed).
          return { status: "failed", reason, permanent: false };
        }
        const { status } = answer;
        const data = (answer.data ?? {}) as { errcode?: unknown; errmsg?: unknown };
        const errcode = typeof data.errcode === "number" ? data.errcode : undefined;
        // For the operator's log only (scrubbed by the logger); never stored, never shown in chat.
        const errmsg = typeof data.errmsg === "string" ? data.errmsg.split(key).join("…").slice(0, 200) : "";
        if (status >= 300 && status < 400) {
          progress.done(progressKey);
          logger.warn({ webhook: name, url: safeUrl, status }, "wecom webhook: redirect refused");
          return fail(name, `redirect refused (HTTP ${status})`, true);
        }
        if (status >= 500 || (status === 429 && errcode === undefined)) {
          progress.remember(progressKey, i);
          logger.warn({ webhook: name, url: safeUrl, status }, "wecom webhook: server error, will retry");
          return { status: "retry", afterMs: RETRY_NETWORK_MS, reason: `HTTP ${status}` };
        }
        if (errcode === 0) continue;
        if (errcode === ERR_RATE_LIMIT) {
          progress.remember(progressKey, i);
          logger.warn({ webhook: name, url: safeUrl, errcode, errmsg, sentParts: i }, "wecom webhook: rate limited, will retry");
          return { status: "retry", afterMs: RETRY_RATE_MS, reason: `errcode ${errcode}` };
        }
        progress.done(progressKey);
        const reason = errcode === undefined ? `HTTP ${status} without errcode` : `errcode ${errcode}`;
        logger.warn({ webhook: name, url: safeUrl, status, errcode, errmsg }, "wecom webhook: send refused");
        return fail(name, reason, errcode !== undefined && BAD_WEBHOOK.has(errcode));
      }
      progress.done(progressKey);
      await webhooks.recordSuccess(name);
      return { status: "sent" };
    },
  };
}
