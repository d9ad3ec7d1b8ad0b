import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * Worker threads on casebot's own modules, the same way from the sources and from a build:
 * every worker starts on boot.mjs (plain JavaScript), which loads the entry module — through
 * tsx when it is a .ts file (npm start, the CLI and the tests run the sources), as it is when
 * it is compiled .js (dist/). Entries are named without an extension and resolved next to the
 * caller in the caller's own extension, so a compiled tree finds its compiled entries. A build
 * must ship boot.mjs next to this module.
 */
export function siblingModule(name: string, callerUrl: string): URL {
  const ext = extname(fileURLToPath(callerUrl)) || ".js";
  return new URL(`./${name}${ext === ".ts" || ext === ".mts" ? ".ts" : ".js"}`, callerUrl);
}

/** A worker thread running `entry` (a URL from siblingModule); `workerData` reaches it unchanged beside the entry. */
export function moduleWorker(entry: URL, options: Omit<WorkerOptions, "execArgv" | "eval"> = {}): Worker {
  const data = (options.workerData ?? {}) as Record<string, unknown>;
  // No flags of this process: the test runner's or tsx's loader flags are not needed there (boot.mjs registers tsx when it must).
  return new Worker(new URL("./boot.mjs", import.meta.url), { ...options, execArgv: [], workerData: { ...data, casebotEntry: entry.href } });
}
