import type { Worker } from "node:worker_threads";
import { CasebotError } from "../errors.ts";
import { moduleWorker, siblingModule } from "../workers/module-worker.ts";
import { LIMIT_MESSAGES } from "../messages/documents.ts";
import { DocumentLimitError, limitExceeded, ReaderThreadError, UnreadableDocumentError } from "./extract/errors.ts";
import { limitsOf, processLimits, type ExtractLimits } from "./extract/limits.ts";
import type { ReadJob, Reading } from "./reading.ts";

/**
 * Untrusted documents are read apart from the bot (design: ARTICLES.md, "Reading in isolation").
 * Extraction and parsing run in one worker thread (read-worker.ts), one document at a time, under
 * three bounds that hold whatever the document does:
 * - its V8 heap is capped (`resourceLimits`): past it the thread dies, not the process;
 * - the process's resident memory is watched while a document is read: buffers inflated by a
 *   library live outside the heap, so a growth past `memoryMb` stops the thread too;
 * - a wall-clock deadline: a document still being read after `timeoutMs` is abandoned.
 * Each of these refuses the document with a DocumentLimitError naming the cause; the thread is
 * terminated and the next document gets a fresh one. The main thread only posts bytes and
 * receives blocks and the article, so it keeps answering whatever a document costs.
 */
export interface IsolatedReaderOptions {
  limits?: Partial<ExtractLimits>;
  /** The process's resident memory in bytes (tests inject a fake). */
  rss?: () => number;
  /** How often the memory is looked at while a document is read. */
  watchEveryMs?: number;
  /** An idle thread is stopped after this long (its heap is given back); the next document starts another. */
  idleMs?: number;
  /**
   * Arms a document's deadline: calls `fire` after `ms` unless the returned function cancels it
   * first (tests fire it by hand instead of racing a wall clock on a loaded machine).
   */
  deadline?: (fire: () => void, ms: number) => () => void;
}

const wallClockDeadline = (fire: () => void, ms: number): (() => void) => {
  const t = setTimeout(fire, ms);
  return () => clearTimeout(t);
};

export interface IsolatedReader {
  read(job: ReadJob): Promise<Reading>;
  /** Stops the thread (a document being read is refused as crashed). */
  close(): Promise<void>;
}

/** How read-worker.ts sends an error back: enough to rebuild the refusal the user sees. */
export interface SerializedReadError {
  kind: "limit" | "unreadable" | "casebot" | "bug";
  message: string;
  userMessage?: string;
  stack?: string;
}

const MB = 1024 * 1024;
const DEFAULT_IDLE_MS = 30_000;
/** Starting the thread and loading its modules (through tsx from the sources): not the document's time. */
const BOOT_TIMEOUT_MS = 60_000;

interface Reader {
  thread: Worker;
  /** The thread has loaded its modules (it says so once). */
  ready: boolean;
}

function revive(e: SerializedReadError): Error {
  if (e.kind === "limit") return new DocumentLimitError(e.message, e.userMessage ?? "");
  if (e.kind === "unreadable") return new UnreadableDocumentError(e.message, e.userMessage ?? "");
  if (e.kind === "casebot") return new CasebotError(e.message, e.userMessage);
  const err = new ReaderThreadError(e.message);
  err.stack = e.stack ?? e.message;
  return err;
}

export function createIsolatedReader(opts: IsolatedReaderOptions = {}): IsolatedReader {
  const limits = limitsOf(opts.limits);
  const rss = opts.rss ?? (() => process.memoryUsage.rss());
  const armDeadline = opts.deadline ?? wallClockDeadline;
  const entry = siblingModule("read-worker", import.meta.url);
  let worker: Reader | undefined;
  let idle: NodeJS.Timeout | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let nextId = 0;

  const spawn = (): Reader => {
    const thread = moduleWorker(entry, { resourceLimits: { maxOldGenerationSizeMb: limits.heapMb } });
    const reader: Reader = { thread, ready: false };
    thread.on("message", (m: { ready?: boolean }) => {
      if (m.ready) reader.ready = true;
    });
    // Errors are handled per job; one between jobs must not become an uncaught exception here.
    thread.on("error", () => undefined);
    thread.on("exit", () => {
      if (worker === reader) worker = undefined;
    });
    thread.unref();
    return reader;
  };

  const stop = (r: Reader): void => {
    if (worker === r) worker = undefined;
    void r.thread.terminate();
  };

  const readOne = (job: ReadJob): Promise<Reading> =>
    new Promise<Reading>((resolve, reject) => {
      if (idle) clearTimeout(idle);
      const r = (worker ??= spawn());
      const w = r.thread;
      const id = nextId++;
      const base = rss();
      let settled = false;
      const finish = (after: () => void): void => {
        if (settled) return;
        settled = true;
        cancelDeadline?.();
        clearTimeout(boot);
        clearInterval(watch);
        w.off("message", onMessage).off("error", onError).off("exit", onExit);
        w.unref();
        if (worker === r) idle = setTimeout(() => stop(r), opts.idleMs ?? DEFAULT_IDLE_MS).unref();
        after();
      };
      const refuse = (err: Error): void => {
        stop(r);
        finish(() => reject(err));
      };
      // The deadline is the document's: it starts once the thread has loaded its modules.
      let cancelDeadline: (() => void) | undefined;
      const startDeadline = () =>
        (cancelDeadline ??= armDeadline(
          () => refuse(limitExceeded(job.file, `reading took longer than ${limits.timeoutMs} ms`, LIMIT_MESSAGES.timeout(Math.round(limits.timeoutMs / 1000)))),
          limits.timeoutMs,
        ));
      const boot = setTimeout(
        () => refuse(limitExceeded(job.file, `the reader thread did not start within ${BOOT_TIMEOUT_MS} ms`, LIMIT_MESSAGES.crashed)),
        BOOT_TIMEOUT_MS,
      );
      const onMessage = (m: { id?: number; ready?: boolean; result?: Reading; error?: SerializedReadError }): void => {
        if (m.ready) startDeadline();
        if (m.id !== id) return;
        finish(() => (m.error ? reject(revive(m.error)) : resolve(m.result!)));
      };
      const memory = () =>
        limitExceeded(job.file, `reading needed more than the memory limit (heap ${limits.heapMb} MB, process +${limits.memoryMb} MB)`, LIMIT_MESSAGES.memory);
      const onError = (err: Error & { code?: string }): void =>
        refuse(
          err.code === "ERR_WORKER_OUT_OF_MEMORY" ? memory() : limitExceeded(job.file, `the reader thread failed: ${err.message}`, LIMIT_MESSAGES.crashed),
        );
      const onExit = (code: number): void => refuse(limitExceeded(job.file, `the reader thread exited (${code})`, LIMIT_MESSAGES.crashed));
      if (r.ready) startDeadline();
      const watch = setInterval(() => {
        if (rss() - base > limits.memoryMb * MB) refuse(memory());
      }, opts.watchEveryMs ?? 50);
      w.on("message", onMessage).on("error", onError).on("exit", onExit);
      w.ref();
      // The thread takes ownership of the bytes it is sent: transfer a copy.
      const bytes = new Uint8Array(job.bytes);
      w.postMessage({ id, job: { ...job, bytes, limits: { ...limits, ...job.limits } } }, [bytes.buffer]);
    });

  return {
    read(job) {
      // One document at a time: the memory watch measures one document, and two bombs at once
      // would not double what the bot can take.
      const run = queue.then(() => readOne(job));
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      if (idle) clearTimeout(idle);
      const w = worker;
      worker = undefined;
      await w?.thread.terminate();
    },
  };
}

const shared = new Map<string | undefined, IsolatedReader>();

/**
 * The process's reader with the process's limits (DOCUMENT_LIMITS over the defaults): what the
 * store uses unless told otherwise. Read from the environment, not passed down, because every
 * thread that scans the library (the index thread too) must apply the same limits. One reader per
 * value seen (a process has one; tests switch): an idle one has already stopped its thread.
 */
export function sharedReader(): IsolatedReader {
  const key = process.env.DOCUMENT_LIMITS;
  let reader = shared.get(key);
  if (!reader) shared.set(key, (reader = createIsolatedReader({ limits: processLimits() })));
  return reader;
}
