import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { StateFileError } from "../errors.ts";

/**
 * The data directory is checked once at start-up, before anything is written into it (the stats
 * salt, the library cache, the state file): a read-only or full directory then stops start-up
 * with one message saying what to change, never a raw EROFS stack from whichever write came first.
 */
export interface DataDirFs {
  mkdir(dir: string): Promise<unknown>;
  writeFile(file: string, data: string): Promise<void>;
  rm(file: string): Promise<void>;
}

const nodeFs: DataDirFs = {
  mkdir: (dir) => mkdir(dir, { recursive: true }),
  writeFile: (file, data) => writeFile(file, data),
  rm: (file) => rm(file, { force: true }),
};

const FULL = new Set(["ENOSPC", "EDQUOT"]);
const NOT_WRITABLE = new Set(["EACCES", "EPERM", "EROFS"]);

export function dataDirError(dir: string, err: unknown): StateFileError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code && FULL.has(code)
      ? "the disk is full"
      : code && NOT_WRITABLE.has(code)
        ? "the directory is not writable"
        : code === "ENOTDIR" || code === "EEXIST" ? "it is not a directory" : (err as Error)?.message ?? String(err);
  return new StateFileError(
    `Cannot write to the data directory ${dir} (${why}${code ? `, ${code}` : ""}). casebot keeps the library, its cache, subscriptions and statistics there. ` +
      `Make ${dir} a directory writable by this user${code && FULL.has(code) ? " and free disk space" : ""}, or set DATA_DIR to a writable directory.`,
    undefined,
    { cause: err },
  );
}

/** Creates the directory if needed and proves a file can be written there (then removes it). */
export async function checkDataDir(dir: string, fs: DataDirFs = nodeFs): Promise<void> {
  const probe = join(dir, `.write-check-${process.pid}`);
  try {
    await fs.mkdir(dir);
    await fs.writeFile(probe, "");
    await fs.rm(probe);
  } catch (err) {
    throw dataDirError(dir, err);
  }
}
