import { Worker } from "node:worker_threads";
import type { IndexJob, IndexJobResult } from "./index-worker.ts";

/**
 * One long-lived worker thread for the saved index's build work (index-worker.ts), started on the
 * first change to a library kept on disk. Jobs run one at a time (the live library never asks
 * for two at once); the thread keeps the process alive only while a job runs.
 */
let worker: Worker | undefined;
let pending: { resolve: (r: IndexJobResult) => void; reject: (e: Error) => void } | undefined;

function started(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL("./index-worker.mjs", import.meta.url), { execArgv: [] });
  const fail = (err: Error) => {
    if (worker === w) worker = undefined;
    pending?.reject(err);
    pending = undefined;
  };
  w.on("message", (m: { result?: IndexJobResult; error?: string }) => {
    const p = pending;
    pending = undefined;
    w.unref();
    if (m.error !== undefined) p?.reject(new Error(`index worker: ${m.error}`));
    else if (m.result) p?.resolve(m.result);
  });
  w.on("error", fail);
  w.on("exit", (code) => fail(new Error(`index worker exited (${code})`)));
  w.unref();
  worker = w;
  return w;
}

/**
 * Starts the thread ahead of the first job (a library kept on disk, a little after start-up), so
 * the first upload does not wait for it to load its modules.
 */
export function startIndexWorker(): void {
  started();
}

export function runIndexJob(job: IndexJob): Promise<IndexJobResult> {
  if (pending) return Promise.reject(new Error("index worker busy"));
  const w = started();
  return new Promise<IndexJobResult>((resolve, reject) => {
    pending = { resolve, reject };
    w.ref();
    w.postMessage(job);
  });
}

export function stopIndexWorker(): void {
  const w = worker;
  worker = undefined;
  void w?.terminate();
}
