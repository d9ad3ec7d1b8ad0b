/**
 * File names the library reads, without loading any extractor: listing the articles directory
 * at start-up must not import pdf.js glue, mammoth glue and the HTML walkers just to filter
 * names (the registry in index.ts is loaded only when a file needs extracting). The registry's
 * test checks that this list is exactly what its extractors declare.
 */
export const SOURCE_EXTENSIONS: readonly string[] = ["txt", "md", "markdown", "text", "docx", "pdf", "html", "htm"];

/** Lower-case extension without the dot; "" when the name has none (or is a dotfile). */
export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const m = /\.([A-Za-z0-9]+)$/.exec(base);
  return m && m.index > 0 ? m[1]!.toLowerCase() : "";
}

export function isSupportedFile(fileName: string): boolean {
  return SOURCE_EXTENSIONS.includes(extensionOf(fileName));
}
