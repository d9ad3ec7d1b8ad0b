// The isolated reader's worker thread (isolated-reader.ts): one job at a time,
// { id, job } → { id, result } or { id, error }. pdf.js runs in a thread of this one's (pdf-thread.ts).
import { parentPort } from "node:worker_threads";
import { CasebotError } from "../errors.ts";
import { DocumentLimitError, UnreadableDocumentError } from "./extract/errors.ts";
import { extractDocument } from "./extract/index.ts";
import type { SerializedReadError } from "./isolated-reader.ts";
import { readJob, type ReadJob } from "./reading.ts";

function serialize(err: unknown): SerializedReadError {
  const message = (err as Error)?.message ?? String(err);
  if (err instanceof DocumentLimitError) return { kind: "limit", message, userMessage: err.userMessage };
  if (err instanceof UnreadableDocumentError) return { kind: "unreadable", message, userMessage: err.userMessage };
  if (err instanceof CasebotError) return { kind: "casebot", message, userMessage: err.userMessage };
  return { kind: "bug", message, stack: (err as Error)?.stack ?? message };
}

const port = parentPort!;
port.on("message", (m: { id: number; job: ReadJob }) => {
  readJob(m.job, extractDocument).then(
    (result) => port.postMessage({ id: m.id, result }),
    (err: unknown) => port.postMessage({ id: m.id, error: serialize(err) }),
  );
});

// What reading loads on demand is loaded now (through tsx from the sources, that takes seconds);
// then the document's deadline starts, not while the thread was starting.
await Promise.all([import("./parse.ts"), import("mammoth"), import("linkedom"), import("@mozilla/readability"), import("yauzl")]);
port.postMessage({ ready: true });
