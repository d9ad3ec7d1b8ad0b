// The pdf.js side of pdf.ts, in a worker thread of its own. pdfjs-dist's legacy build (the one for
// Node 20) installs core-js polyfills on load: Array.prototype.push, JSON.parse and JSON.stringify
// among them, replaced process-wide by slower wrappers. Loaded here, they stay in this thread's
// realm instead of slowing every push and JSON call of the bot after its first PDF.
//
// Plain JavaScript so it runs under any loader (npm start's tsx, the tests' runner, plain node),
// and fast: through tsx's loader, pdf.js alone takes seconds to load.
// One request at a time: { id, bytes, resources, maxPages, maxTextItems, maxTextChars } →
// { id, result } or { id, error }.
//
// Limits are applied while reading: a PDF with more pages than allowed is refused before any
// page is read, and text is read as a stream and abandoned as soon as its pieces or characters
// pass their limit (a page whose content inflates to millions of pieces is not read to its end).
import { parentPort } from "node:worker_threads";

const pdfjsPromise = import("pdfjs-dist/legacy/build/pdf.mjs");

// Once a document is abandoned at a limit, pdf.js goes on parsing it and may throw from its own
// callbacks (a stream enqueued after it was cancelled: "Controller is already closed"). This
// thread is ended by pdf-thread.ts after the answer; such an error must not reach the caller
// first, as the thread's "error" event, in place of the refusal.
let abandoning = false;
process.on("uncaughtException", (error) => {
  if (!abandoning) throw error;
});

/** A page's items, or "over" once the document's running counts pass a limit. */
async function pageItems(doc, pageNumber, budget) {
  const page = await doc.getPage(pageNumber);
  try {
    const reader = page.streamTextContent().getReader();
    const items = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return items;
      budget.items -= value.items.length;
      for (const item of value.items) {
        if (!("str" in item) || !item.str) continue;
        budget.chars -= item.str.length;
        const [, , c, d, x, y] = item.transform;
        items.push({ text: item.str, x, y, width: item.width, size: Math.hypot(c, d) || item.height });
      }
      if (budget.items < 0 || budget.chars < 0) {
        // Not cancelled: pdf.js goes on enqueueing the page's text, and an enqueue on a cancelled
        // stream throws "Controller is already closed" uncaught, which ended this thread before
        // its answer was sent (1 read in 10 under load). The caller ends the thread on this answer.
        // Past this point an error of the abandoned document is not this thread's answer.
        abandoning = true;
        return "over";
      }
    }
  } finally {
    page.cleanup();
  }
}

async function infoTitle(doc) {
  const { info } = await doc.getMetadata().catch(() => ({ info: undefined }));
  return typeof info?.Title === "string" ? info.Title : undefined;
}

async function read({ bytes, resources, maxPages, maxTextItems, maxTextChars }) {
  const pdfjs = await pdfjsPromise;
  const task = pdfjs.getDocument({
    data: bytes,
    ...resources,
    cMapPacked: true,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let doc;
  let abandoned = false;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy();
    return { openError: { name: error?.name ?? "Error", message: error?.message ?? String(error) } };
  }
  try {
    if (doc.numPages > maxPages) return { numPages: doc.numPages, overLimit: "pages" };
    const budget = { items: maxTextItems ?? Infinity, chars: maxTextChars ?? Infinity };
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const items = await pageItems(doc, n, budget);
        if (items === "over") {
          abandoned = true;
          return { numPages: doc.numPages, overLimit: "text" };
        }
        pages.push({ items });
      } catch (error) {
        pages.push({ error: error?.message ?? String(error) });
      }
    }
    return { numPages: doc.numPages, pages, title: await infoTitle(doc) };
  } finally {
    // An abandoned document's parsing may still be under way, and destroy() would wait for it.
    if (!abandoned) await doc.destroy();
  }
}

parentPort.on("message", (request) => {
  read(request).then(
    // A document abandoned at a limit may still be parsed by pdf.js: pdf-thread.ts ends this thread.
    (result) => parentPort.postMessage({ id: request.id, result }),
    (error) => parentPort.postMessage({ id: request.id, error: error?.stack ?? String(error) }),
  );
});
