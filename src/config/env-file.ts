import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseEnv } from "node:util";
import { ConfigError } from "../errors.ts";

/** The variable naming the file to read; set but empty, no file is read. */
export const ENV_FILE_VARIABLE = "CASEBOT_ENV_FILE";

export interface EnvFileResult {
  /** The file read, absolute; undefined when there was none to read. */
  file?: string;
  /** Variables taken from the file (those the environment did not set already). */
  applied: string[];
}

/**
 * Reads `.env` (or $CASEBOT_ENV_FILE) into `env` at start-up, the way bot users deploy: the file
 * fills in what the real environment leaves unset, so a variable exported in the shell, the
 * service unit or `docker run -e` always wins over the file. Parsed by Node's own parser
 * (util.parseEnv: the syntax of `node --env-file`, quotes and `#` comments). A missing default
 * file is normal; a named file that is missing is a configuration error.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): EnvFileResult {
  const named = env[ENV_FILE_VARIABLE];
  if (named !== undefined && named.trim() === "") return { applied: [] };
  const file = resolve(cwd, named?.trim() || ".env");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (named === undefined && code === "ENOENT") return { applied: [] };
    throw new ConfigError(`${ENV_FILE_VARIABLE}: cannot read ${file} (${code ?? (err as Error).message}); fix the path or unset it`);
  }
  const applied: string[] = [];
  for (const [key, value] of Object.entries(parseEnv(text))) {
    if (env[key] !== undefined || value === undefined) continue;
    env[key] = value;
    applied.push(key);
  }
  return { file, applied };
}
