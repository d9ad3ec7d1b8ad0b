import { askCli } from "./cli/ask.ts";
import { caseCli } from "./cli/case.ts";
import { digestCli } from "./cli/digest.ts";
import { ingestCli } from "./cli/ingest.ts";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, writeLine, type CliCommand, type CliIO } from "./cli/types.ts";
import { unitsCli } from "./cli/units.ts";
import { wecomWebhookCli } from "./cli/wecom-webhook.ts";
import { CasebotError } from "./errors.ts";

/**
 * `npm run -s cli -- <command> …`. To add a command, write a CliCommand module in src/cli/ and
 * add one line to this map; usage and help follow from it.
 */
const COMMANDS: Record<string, CliCommand> = {
  ask: askCli,
  ingest: ingestCli,
  units: unitsCli,
  case: caseCli,
  "wecom-webhook": wecomWebhookCli,
  digest: digestCli,
};

export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(40)} ${c.summary}`);
  return ["usage: npm run -s cli -- <command> [args]", ...lines].join("\n");
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    writeLine(io.stdout, usage());
    return EXIT_OK;
  }
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    writeLine(io.stderr, `${name ? `unknown command "${name}"\n` : ""}${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    writeLine(io.stderr, err instanceof CasebotError ? err.message : ((err as Error)?.stack ?? String(err)));
    return EXIT_FAILED;
  }
}

// Run only as the entry point, so tests can import runCli.
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("/src/cli.ts")) {
  const io: CliIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
  process.exitCode = await runCli(process.argv.slice(2), io);
}
