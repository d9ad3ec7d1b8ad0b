import { writeLine } from "../../../cli/types.ts";
import { UserInputError } from "../../../errors.ts";
import type { PlatformCliCommand } from "../../types.ts";
import type { WecomSection } from "../profile.ts";
import type { WebhookService } from "../webhook-types.ts";
import { robotsFor } from "./service.ts";
import { WEBHOOK_TEXT } from "../../../messages/catalog.ts";

/**
 * `npm run -s cli -- wecom-webhook add <name> <url> [schedule]`, `… list`, `… remove <name>`.
 * Prints one JSON document on stdout; the URL is always redacted (its key is a credential).
 * Exit codes: 0 done, 1 refused (bad URL/name, unknown webhook), 2 usage.
 */
export const WECOM_WEBHOOK_USAGE = [
  "usage: npm run -s cli -- wecom-webhook add <name> <url> [schedule]",
  "       npm run -s cli -- wecom-webhook list",
  "       npm run -s cli -- wecom-webhook remove <name>",
  "  <url>: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… (group chat → 消息推送/群机器人)",
  "  [schedule]: e.g. 周五 17:30 or a cron expression; default DIGEST_CRON",
].join("\n");

export const wecomWebhookCli: PlatformCliCommand<WecomSection> = {
  name: "wecom-webhook",
  usage: WEBHOOK_TEXT.cli.usage,
  summary: WEBHOOK_TEXT.cli.summary,
  async run(args, io, host) {
    const lines: LineIo = { out: (t) => writeLine(io.stdout, t), err: (t) => writeLine(io.stderr, t) };
    const robots = host.section?.robots;
    if (!robots) return runWecomWebhook(args, {}, lines);
    // The registry needs the state and the digest (which needs the cases), not the search index.
    const { stateful, close } = await host.openStateful();
    try {
      return await runWecomWebhook(args, { webhooks: robotsFor(stateful, robots, host.logger, () => new Date()) }, lines);
    } finally {
      await close();
    }
  },
};

export interface LineIo {
  out(text: string): void;
  err(text: string): void;
}

/** The subcommands over a ready registry (tests call this directly). */
export async function runWecomWebhook(args: readonly string[], services: { webhooks?: WebhookService }, io: LineIo): Promise<number> {
  const webhooks = services.webhooks;
  if (!webhooks) {
    io.err("wecom-webhook: the webhook registry is not available in this build.");
    return 1;
  }
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case "add": {
        const [name, url, ...schedule] = rest;
        if (!name || !url) break;
        const r = await webhooks.add(name, url, { id: "cli" }, schedule.join(" ") || undefined);
        const s = r.subscription?.status;
        io.out(
          JSON.stringify({
            ok: true,
            change: r.change,
            webhook: r.webhook,
            subscription: s ? { schedule: s.schedule.label, cron: s.schedule.cron, timezone: s.schedule.timezone, nextRun: s.nextRun.toISOString() } : null,
          }),
        );
        if (!s)
          io.err(
            "note: the weekly push is not wired in this process; the webhook is stored and will be subscribed when you add it again with the digest running.",
          );
        return 0;
      }
      case "list":
        io.out(JSON.stringify({ webhooks: webhooks.list() }));
        return 0;
      case "remove": {
        const [name] = rest;
        if (!name) break;
        const removed = await webhooks.remove(name);
        io.out(JSON.stringify({ ok: removed, removed }));
        if (!removed) io.err(`wecom-webhook: no webhook named "${name}".`);
        return removed ? 0 : 1;
      }
    }
  } catch (err) {
    if (err instanceof UserInputError) {
      io.err(`wecom-webhook: ${err.userMessage}`);
      return 1;
    }
    throw err;
  }
  io.err(WECOM_WEBHOOK_USAGE);
  return 2;
}
