// The pdf.js side of pdf.ts, in a worker thread of its own. pdfjs-dist's legacy build (the one for
// Node 20) installs core-js polyfills on load: Array.prototype.push, JSON.parse and JSON.stringify
// among them, replaced process-wide by slower wrappers. Loaded here, they stay in this thread's
// realm instead of slowing every push and JSON call of the bot after its first PDF.
//
// Plain JavaScript so it runs under any loader (npm start's tsx, the tests' runner, plain node).
// One request at a time: { id, bytes, resources, maxPages } → { id, result } or { id, error }.
import { parentPort } from "node:worker_threads";

const pdfjsPromise = import("pdfjs-dist/legacy/build/pdf.mjs");

async function pageItems(doc, pageNumber) {
  const page = await doc.getPage(pageNumber);
  try {
    const content = await page.getTextContent();
    const items = [];
    for (const item of content.items) {
      if (!("str" in item) || !item.str) continue;
      const [, , c, d, x, y] = item.transform;
      items.push({ text: item.str, x, y, width: item.width, size: Math.hypot(c, d) || item.height });
    }
    return items;
  } finally {
    page.cleanup();
  }
}

async function infoTitle(doc) {
  const { info } = await doc.getMetadata().catch(() => ({ info: undefined }));
  return typeof info?.Title === "string" ? info.Title : undefined;
}

async function read({ bytes, resources, maxPages }) {
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
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy();
    return { openError: { name: error?.name ?? "Error", message: error?.message ?? String(error) } };
  }
  try {
    const count = Math.min(doc.numPages, maxPages);
    const pages = [];
    for (let n = 1; n <= count; n++) {
      try {
        pages.push({ items: await pageItems(doc, n) });
      } catch (error) {
        pages.push({ error: error?.message ?? String(error) });
      }
    }
    return { numPages: doc.numPages, pages, title: await infoTitle(doc) };
  } finally {
    await doc.destroy();
  }
}

parentPort.on("message", (request) => {
  read(request).then(
    (result) => parentPort.postMessage({ id: request.id, result }),
    (error) => parentPort.postMessage({ id: request.id, error: error?.stack ?? String(error) }),
  );
});
