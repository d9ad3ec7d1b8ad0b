// The first module of every worker thread casebot starts (module-worker.ts). It loads the
// worker's real entry: a .js module as it is (a build in dist/), a .ts module through tsx's
// loader, registered in this thread only (npm start, the CLI and the tests run the sources).
// Plain JavaScript, so it runs under any loader the parent has, or none.
import { workerData } from "node:worker_threads";

const entry = workerData?.casebotEntry;
if (typeof entry !== "string") throw new Error("worker started without an entry module (start it with moduleWorker())");
if (entry.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(entry);
