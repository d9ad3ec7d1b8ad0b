import { PassThrough } from "node:stream";
import { runCli } from "../../src/cli.ts";
import type { CliCommand } from "../../src/cli/types.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `run` with empty stdin and collects what it writes to stdout and stderr. */
async function collected(run: (io: Parameters<CliCommand["run"]>[1]) => Promise<number>, env: Record<string, string>): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  const code = await run({ stdin: new PassThrough(), stdout, stderr, env });
  return { code, stdout: out, stderr: err };
}

/** `npm run -s cli -- <args>` through its entry point (runCli) in this process, output collected. */
export function runCliInProcess(args: string[], env: Record<string, string>): Promise<CliRun> {
  return collected((io) => runCli(args, io), env);
}

/** One CLI command built with injected dependencies (a sleep, short limits), output collected. */
export function runCommandInProcess(command: CliCommand, args: string[], env: Record<string, string>): Promise<CliRun> {
  return collected((io) => command.run(args, io), env);
}
