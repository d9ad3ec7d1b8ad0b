import type { Config } from "../config/config.ts";
import type { Logger } from "../logger.ts";
import type { StatefulServices } from "../dispatch/types.ts";
import { closeStateful, openStateful, standalonePushChannels } from "../app/stateful.ts";
import { cacheDirOf, openLibrary } from "../corpus/scan-articles.ts";
import { formatTime } from "../digest/schedule.ts";
import type { DigestService } from "../digest/service-types.ts";
import { cliContext, type CliContext } from "./context.ts";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseFlags, writeLine, type CliCommand, type CliIO } from "./types.ts";
import { CLI_COMMANDS, CLI_TEXT } from "../messages/cli.ts";

export const DIGEST_USAGE = [
  "usage: npm run -s cli -- digest send          run the fan-out for the current period now (what the scheduler runs); idempotent",
  "       npm run -s cli -- digest plan [--json]  each subscribed chat, its next push time and the case it would get",
].join("\n");

/** What tests replace: the waits between network retries. */
export interface DigestCliDeps {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * `digest send` prints the run's report as one JSON line and always ends: network failures get a
 * few tries, then the run fails fast for the rest (network-retry.ts). Exit 1 when some pushes
 * failed for good, some could not be delivered now (they stay pending: a line on stderr says
 * so), or no delivery channel is configured. `digest plan` prints a table (or JSON with --json).
 */
export function createDigestCli(deps: DigestCliDeps = {}): CliCommand {
  return {
    name: "digest",
    usage: CLI_COMMANDS.digest.usage,
    summary: CLI_COMMANDS.digest.summary,
    async run(args, io) {
      const { flags, rest, unknown } = parseFlags(args, ["--json"]);
      const [sub] = rest;
      if (unknown.length || (sub !== "send" && sub !== "plan")) {
        writeLine(io.stderr, DIGEST_USAGE);
        return EXIT_USAGE;
      }
      const { config, logger, platforms } = cliContext(io);
      // The push needs the cases and the state, not the search index.
      const { library } = await openLibrary(config.articlesDir, cacheDirOf(config.dataDir));
      const stateful = await openStateful(config, logger, library);
      try {
        return await digestCommand(sub, { config, logger, platforms, stateful, io, json: flags.has("--json"), sleep: deps.sleep });
      } finally {
        await closeStateful(stateful);
      }
    },
  };
}

export const digestCli: CliCommand = createDigestCli();

interface DigestRun {
  config: Config;
  platforms: CliContext["platforms"];
  logger: Logger;
  stateful: StatefulServices;
  io: CliIO;
  json: boolean;
  sleep?: DigestCliDeps["sleep"];
}

async function digestCommand(what: "send" | "plan", { config, logger, platforms, stateful, io, json, sleep }: DigestRun): Promise<number> {
  const digest = stateful.digest as DigestService;
  await digest.recover();
  if (what === "plan") return printPlan(digest, io, json);
  // Each configured platform's standalone push channel (Telegram: a bare Bot API client; WeCom: group robots).
  const channels = await standalonePushChannels(config, logger, stateful, { platforms, sleep });
  if (!channels.length) {
    writeLine(
      io.stderr,
      "digest send: no delivery channel is configured. Set BOT_TOKEN (Telegram) or register a WeCom group robot (npm run -s cli -- wecom-webhook add …).",
    );
    return EXIT_FAILED;
  }
  const report = await digest.sendDue(channels);
  writeLine(io.stdout, JSON.stringify(report));
  if (report.retryLater > 0) {
    writeLine(
      io.stderr,
      `digest send: ${report.retryLater} pushes could not be delivered now; they stay pending and the next run (or the running bot) retries them.`,
    );
  }
  return report.failed > 0 || report.retryLater > 0 ? EXIT_FAILED : EXIT_OK;
}

function printPlan(digest: DigestService, io: CliIO, json: boolean): number {
  const started = performance.now();
  const plan = digest.plan();
  const ms = performance.now() - started;
  if (json) {
    writeLine(
      io.stdout,
      JSON.stringify({
        chats: plan.map((p) => ({
          key: p.key,
          ...p.target,
          schedule: p.schedule,
          nextRun: p.nextRun.toISOString(),
          caseId: p.caseId ?? null,
          caseTitle: p.caseTitle ?? null,
        })),
        computeMs: Math.round(ms * 10) / 10,
      }),
    );
    return EXIT_OK;
  }
  if (!plan.length) {
    writeLine(io.stdout, "no active subscriptions");
    return EXIT_OK;
  }
  for (const p of plan) {
    const topic = p.target.topicId ? ` topic ${p.target.topicId}` : "";
    writeLine(
      io.stdout,
      `${formatTime(p.nextRun, p.schedule.timezone)}\t${p.key}${topic}\t${p.schedule.label}\t${p.caseId ?? "-"} ${p.caseTitle ?? CLI_TEXT.emptyLibrary}`,
    );
  }
  writeLine(io.stderr, `${plan.length} subscriptions, plan computed in ${ms.toFixed(1)} ms`);
  return EXIT_OK;
}
