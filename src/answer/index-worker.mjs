// Entry of the index worker thread (index-thread.ts). Under tsx (npm start, the CLI, tests) the
// TypeScript sources need tsx's loader in this thread as well; a build runs the compiled file.
import { existsSync } from "node:fs";
import { URL } from "node:url";

const compiled = new URL("./index-worker.js", import.meta.url);
if (existsSync(compiled)) await import(compiled.href);
else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("./index-worker.ts", import.meta.url).href);
}
