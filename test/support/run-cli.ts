import { PassThrough } from "node:stream";
import { runCli } from "../../src/cli.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run -s cli -- <args>` through its entry point (runCli) in this process, output collected. */
export async function runCliInProcess(args: string[], env: Record<string, string>): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  const code = await runCli(args, { stdin: new PassThrough(), stdout, stderr, env });
  return { code, stdout: out, stderr: err };
}
