import { describe, expect, it } from "vitest";
import { applyOutcome } from "../src/digest/outcome.ts";
import { createLogger } from "../src/logger.ts";
import { createWebhookService } from "../src/platforms/wecom/webhook/service.ts";
import { scrubSecrets } from "../src/safety/secrets.ts";
import { createEntry, markEntry } from "../src/store/outbox.ts";
import { memoryStateStore } from "../src/store/state-store.ts";
import { upsertSubscription } from "../src/store/subscriptions.ts";
import { emptyState } from "../src/store/types.ts";

// The end-to-end check (a failed `digest send`, then every file under DATA_DIR grepped) is in
// security.retries.test.ts, which runs that scenario once for both defects.
const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1";
const ROBOT_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
const LEAKY = `network: request to http://api.example/bot${TOKEN}/sendMessage failed; robot https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${ROBOT_KEY}`;

describe("secrets never reach disk (issue 11, defect 3)", () => {
  it("the logger's scrubber removes bot tokens and robot keys, and keeps already redacted keys", () => {
    expect(scrubSecrets(LEAKY)).toBe("network: request to http://api.example/bot[redacted-token]/sendMessage failed; robot https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=[redacted]");
    expect(scrubSecrets("key=…5aaa")).toBe("key=…5aaa");
  });

  it("every stored error string is scrubbed: outbox entries, subscriptions, chats and webhooks", async () => {
    const state = emptyState();
    const { record } = upsertSubscription(state, { platform: "telegram", chatId: "-1", cron: "0 9 * * 1", timezone: "Asia/Shanghai", by: { id: "1" } }, new Date());
    const at = new Date();
    const a = createEntry(state, record, "p1", "c1", "pending", at, LEAKY);
    const b = createEntry(state, record, "p2", "c1", "pending", at);
    markEntry(b, "failed", at, LEAKY);
    const c = createEntry(state, record, "p3", "c1", "pending", at);
    applyOutcome(state, c, { status: "failed", reason: LEAKY, permanent: false }, at, 5);
    const d = createEntry(state, record, "p4", "c1", "pending", at);
    applyOutcome(state, d, { status: "blocked", reason: LEAKY }, at, 5);
    expect([a.error, b.error, c.error].every((e) => e?.includes("[redacted-token]"))).toBe(true);

    const store = memoryStateStore();
    const webhooks = createWebhookService({ store, logger: createLogger("silent"), maxFailures: 5 });
    await webhooks.add("一组", `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${ROBOT_KEY}`);
    await webhooks.recordFailure("一组", LEAKY);

    const text = JSON.stringify(state) + JSON.stringify({ ...store.data.webhooks["一组"], url: undefined });
    expect(text).not.toContain(TOKEN.split(":")[1]);
    expect(text).not.toContain(ROBOT_KEY);
  });
});
