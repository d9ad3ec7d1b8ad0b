import { Worker } from "node:worker_threads";
import type { PdfItem } from "./pdf-layout.ts";

/** What pdf-text.worker.mjs returns for one document: its text items page by page. */
export interface PdfText {
  /** pdf.js refused to open it (PasswordException, InvalidPDFException…). */
  openError?: { name: string; message: string };
  numPages?: number;
  /** One per page read: its items, or why the page could not be read. */
  pages?: Array<{ items?: PdfItem[]; error?: string }>;
  /** The info dictionary's Title, as written. */
  title?: string;
  /** A limit stopped the reading: the pages (none read), or the text (reading abandoned). */
  overLimit?: "pages" | "text";
}

export interface PdfTextRequest {
  bytes: Uint8Array;
  /** pdfjs-dist's resource directories (pdfjsResources()); without cMapUrl, CJK text in predefined CMaps comes back empty. */
  resources: { cMapUrl?: string; standardFontDataUrl: string };
  maxPages: number;
  /** Text pieces and characters for the whole document (default: no limit). */
  maxTextItems?: number;
  maxTextChars?: number;
  /** The thread's heap (old generation), MB; the limit of the thread that asks, by default none. */
  heapMb?: number;
}

interface Pending {
  resolve: (text: PdfText) => void;
  reject: (err: Error) => void;
}

/**
 * One long-lived worker thread for pdf.js (why: see pdf-text.worker.mjs), started on the first PDF
 * (inside the isolated reader's thread, it is that thread's child, and stops with it).
 * It keeps the process alive only while a document is being read.
 */
let worker: { thread: Worker; heapMb?: number } | undefined;
const pending = new Map<number, Pending>();
let nextId = 0;

function failAll(err: Error): void {
  worker = undefined;
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function started(heapMb: number | undefined): Worker {
  if (worker && worker.heapMb === heapMb) return worker.thread;
  if (worker) void worker.thread.terminate();
  // Plain JavaScript: no loader flags of this process (tsx, the test runner's) are needed there.
  const w = new Worker(new URL("./pdf-text.worker.mjs", import.meta.url), {
    execArgv: [],
    ...(heapMb && { resourceLimits: { maxOldGenerationSizeMb: heapMb } }),
  });
  w.on("message", (m: { id: number; result?: PdfText; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) w.unref();
    // pdf.js may still be parsing a document abandoned at a limit: that thread ends, the next PDF gets a new one.
    if (m.result?.overLimit === "text" && worker?.thread === w) {
      worker = undefined;
      void w.terminate();
    }
    if (m.error !== undefined) p.reject(new Error(`pdf.js worker: ${m.error}`));
    else p.resolve(m.result ?? {});
  });
  w.on("error", (err) => {
    if (worker?.thread === w) failAll(err);
  });
  w.on("exit", (code) => {
    if (worker?.thread === w) failAll(Object.assign(new Error(`pdf.js worker exited (${code})`), { code: "ERR_WORKER_EXITED" }));
  });
  w.unref();
  worker = { thread: w, heapMb };
  return w;
}

/** The text items of a PDF, read by pdf.js in its worker thread. */
export function readPdfText(request: PdfTextRequest): Promise<PdfText> {
  const { heapMb, ...rest } = request;
  const w = started(heapMb);
  const id = nextId++;
  // pdf.js takes ownership of (detaches) the buffer it is given: transfer a copy.
  const bytes = new Uint8Array(request.bytes);
  return new Promise<PdfText>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, ...rest, bytes }, [bytes.buffer]);
  });
}
