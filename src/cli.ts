import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, writeLine, type CliCommand, type CliIO } from "./cli/types.ts";
import { loadEnvFile } from "./config/env-file.ts";
import { CasebotError } from "./errors.ts";
import { PLATFORMS } from "./platforms/index.ts";

/**
 * `npm run -s cli -- <command> …`. To add a command, write a CliCommand module in src/cli/ and
 * add one line to this map (a platform's own subcommands come from its adapter's cliCommands);
 * usage and help follow from it. Modules load on demand, so `ask --json` (which other checks call
 * per question) does not pay for the platforms.
 */
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  ask: async () => (await import("./cli/ask.ts")).askCli,
  ingest: async () => (await import("./cli/ingest.ts")).ingestCli,
  remove: async () => (await import("./cli/remove.ts")).removeCli,
  correct: async () => (await import("./cli/correct.ts")).correctCli,
  units: async () => (await import("./cli/units.ts")).unitsCli,
  case: async () => (await import("./cli/case.ts")).caseCli,
  ...Object.fromEntries(
    PLATFORMS.flatMap((p) =>
      Object.entries(p.cliCommands ?? {}).map(([name, load]) => [name, async () => (await import("./cli/platform.ts")).platformCli(p, await load())]),
    ),
  ),
  digest: async () => (await import("./cli/digest.ts")).digestCli,
  stats: async () => (await import("./cli/stats.ts")).statsCli,
};

export async function usage(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const lines = commands.map((c) => `  ${c.usage.padEnd(40)} ${c.summary}`);
  return ["usage: npm run -s cli -- <command> [args]", ...lines].join("\n");
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    writeLine(io.stdout, await usage());
    return EXIT_OK;
  }
  const load = name && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    writeLine(io.stderr, `${name ? `unknown command "${name}"\n` : ""}${await usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await (await load()).run(args, io);
  } catch (err) {
    writeLine(io.stderr, err instanceof CasebotError ? err.message : ((err as Error)?.stack ?? String(err)));
    return EXIT_FAILED;
  }
}

/** The CLI as a process: `npm run cli` (src/cli.ts under tsx) and `node dist/cli.js` (the build's entry). */
export async function main(): Promise<void> {
  // A reader that stops early (`| head`) closes the pipe: that is the end of the output, not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  const io: CliIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
  // The same .env as `npm start`, so the CLI works on the bot's DATA_DIR and tokens.
  try {
    loadEnvFile(process.env);
  } catch (err) {
    writeLine(io.stderr, (err as Error).message);
    process.exitCode = EXIT_FAILED;
    return;
  }
  process.exitCode = await runCli(process.argv.slice(2), io);
}

/** Whether this module is the script node was started with (node resolves it through symlinks). */
function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

// Run only as the entry point, so tests can import runCli.
if (isEntryPoint()) await main();
