import { createHash } from "node:crypto";
import type { ChannelLimits, DeliveryChannel, DeliveryOutcome, PushTarget } from "../../../digest/delivery.ts";
import { createLimiter, realSleep, type Sleep } from "../../../digest/limiter.ts";
import type { Logger } from "../../../logger.ts";
import type { Reply } from "../../../reply/types.ts";
import { renderWecomMarkdown, splitWecomMarkdown, WECOM_MARKDOWN_MAX_BYTES } from "../markdown.ts";
import type { WebhookService } from "../webhook-types.ts";
import { WEBHOOK_CHANNEL } from "./service.ts";
import { redactWebhookUrl, webhookKey } from "./url.ts";
import { createPartProgress } from "../part-progress.ts";

/** WeCom group robots take at most 20 messages a minute each. */
export const WEBHOOK_LIMITS: ChannelLimits = { perChatPerMinute: 20, globalPerSecond: 20 };

/** errcode 45009: "api freq out of limit" — the robot's per-minute budget is used up. */
export const ERR_RATE_LIMIT = 45009;
/** Codes meaning the URL/key itself is bad: retrying the same message cannot help. */
const BAD_WEBHOOK = new Set([93000, 40008, 40058, 44004, 40001, 40014, 93017]);
const RETRY_NETWORK_MS = 30_000;
const RETRY_RATE_MS = 60_000;

export interface WebhookChannelDeps {
  webhooks: WebhookService;
  logger: Logger;
  fetch?: typeof fetch;
  clock?: () => number;
  sleep?: Sleep;
  timeoutMs?: number;
}

/**
 * Delivery to group robots ("wecom-webhook"; the target's chatId is the webhook's registered name).
 * A reply becomes markdown messages of at most 4096 UTF-8 bytes, paced to 20 a minute per robot.
 * When a multi-part push is interrupted (rate limit, network), the parts already delivered are
 * remembered, so the fan-out's retry continues where it stopped instead of repeating them.
 */
export function createWebhookChannel(deps: WebhookChannelDeps): DeliveryChannel {
  const { webhooks, logger } = deps;
  // Resolved per call: touching the global fetch loads undici, which a console-only start never needs.
  const doFetch: typeof fetch = (input, init) => (deps.fetch ?? fetch)(input, init);
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
      // Push-only groups have no bot to answer, so "send 案例 …" hints would mislead.
      const parts = splitWecomMarkdown(renderWecomMarkdown(reply, { commandHints: false }), WECOM_MARKDOWN_MAX_BYTES);
      const progressKey = `${key}|${createHash("sha1").update(parts.join("\u0000")).digest("hex")}`;

      for (let i = progress.get(progressKey); i < parts.length; i++) {
        await limiter.acquire(key);
        let status: number;
        let data: { errcode?: unknown; errmsg?: unknown } | undefined;
        try {
          const res = await doFetch(record.url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ msgtype: "markdown", markdown: { content: parts[i] } }),
            signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
          });
          status = res.status;
          data = (await res.json().catch(() => undefined)) as typeof data;
        } catch (err) {
          progress.remember(progressKey, i);
          const reason = `network error: ${(err as Error).message.split(key).join("…")}`;
          logger.warn({ webhook: name, url: safeUrl, reason }, "wecom webhook: send failed, will retry");
          return { status: "retry", afterMs: RETRY_NETWORK_MS, reason };
        }
        const errcode = typeof data?.errcode === "number" ? data.errcode : undefined;
        const errmsg = typeof data?.errmsg === "string" ? data.errmsg.split(key).join("…").slice(0, 200) : "";
        if (status >= 500 || (status === 429 && errcode === undefined)) {
          progress.remember(progressKey, i);
          logger.warn({ webhook: name, url: safeUrl, status }, "wecom webhook: server error, will retry");
          return { status: "retry", afterMs: RETRY_NETWORK_MS, reason: `HTTP ${status}` };
        }
        if (errcode === 0) continue;
        if (errcode === ERR_RATE_LIMIT) {
          progress.remember(progressKey, i);
          logger.warn({ webhook: name, url: safeUrl, errcode, errmsg, sentParts: i }, "wecom webhook: rate limited, will retry");
          return { status: "retry", afterMs: RETRY_RATE_MS, reason: `errcode ${errcode} ${errmsg}`.trim() };
        }
        progress.done(progressKey);
        const reason = errcode === undefined ? `HTTP ${status} without errcode` : `errcode ${errcode} ${errmsg}`.trim();
        logger.warn({ webhook: name, url: safeUrl, status, errcode, errmsg }, "wecom webhook: send refused");
        return fail(name, reason, errcode !== undefined && BAD_WEBHOOK.has(errcode));
      }
      progress.done(progressKey);
      await webhooks.recordSuccess(name);
      return { status: "sent" };
    },
  };
}
