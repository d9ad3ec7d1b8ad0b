import type { Readable, Writable } from "node:stream";

/** Where a CLI command reads and writes. stdout carries only the requested output. */
export interface CliIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/**
 * One `npm run -s cli -- <name> …` subcommand. `run` resolves to the exit code:
 * 0 ok, 1 failed (not found, bad data), 2 usage error (after printing `usage`).
 */
export interface CliCommand {
  name: string;
  /** One line: `ask [--json] [问题…]`. */
  usage: string;
  summary: string;
  run(args: string[], io: CliIO): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Splits `--flag` options from positional arguments; `--` ends options. */
export function parseFlags(args: string[], known: readonly string[]): { flags: Set<string>; rest: string[]; unknown: string[] } {
  const flags = new Set<string>();
  const rest: string[] = [];
  const unknown: string[] = [];
  let options = true;
  for (const a of args) {
    if (options && a === "--") options = false;
    else if (options && /^--?[a-z]/i.test(a)) {
      if (known.includes(a)) flags.add(a);
      else unknown.push(a);
    } else rest.push(a);
  }
  return { flags, rest, unknown };
}

export function writeLine(stream: Writable, text: string): void {
  stream.write(text.endsWith("\n") ? text : text + "\n");
}
