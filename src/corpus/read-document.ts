import { READ_FAILED } from "../messages/documents.ts";
import type { BlockDocument } from "./blocks.ts";
import { readBlocks, writeBlocks, type SourceFailure, type SourceFingerprint } from "./cache.ts";
import type { SidecarRead } from "./corrections/sidecar.ts";
import { sidecarOf } from "./corrections/types.ts";
import { DocumentLimitError, ReaderThreadError, UnreadableDocumentError } from "./extract/errors.ts";
import type { ExtractFn } from "./extract/index.ts";
import { sniffFormat } from "./extract/sniff.ts";
import { readJob, type ReadFn, type ReadJob } from "./reading.ts";
import type { ScannedSource, SourceOrigin, StoreLogger } from "./scan-types.ts";
import type { Article } from "./types.ts";

// One document read: extracted (or its cached blocks taken), parsed, corrected; a failure as
// the scan records it.

export interface ReadOptions {
  cacheDir?: string;
  /** Cache the extracted blocks (only for formats that are costly to read). */
  write?: boolean;
  /** Extract in this thread with this function (tests count extractions); else the isolated reader. */
  extract?: ExtractFn;
  /** The isolated reader to use (tests pass one with small limits); the process's shared one by default. */
  read?: ReadFn;
  contentType?: string;
  /** Keys of the article files in the cache (articleKeysPresent). */
  present?: ReadonlySet<string>;
  /** The editors' corrections stored beside the file (readSidecar), applied after parsing. */
  corrections?: SidecarRead;
  logger?: StoreLogger;
}

/** The corrections stored beside a source; a sidecar that cannot be used is logged (and reported in the article). */
export async function readSidecar(articlesDir: string, file: string, logger?: StoreLogger): Promise<SidecarRead> {
  const { readCorrections } = await import("./corrections/sidecar.ts");
  const read = await readCorrections(articlesDir, file);
  if (read.problem) logger?.warn({ file: sidecarOf(file), detail: read.detail }, "corrections file ignored");
  return read;
}

export interface ReadDocument {
  doc: BlockDocument;
  article: Article;
  textHash: string;
  origin: SourceOrigin;
}

/**
 * Extracts one file (or takes its cached blocks) and parses it, apart from the main thread
 * (isolated-reader.ts) unless an extractor is injected. Throws what the extractor throws
 * (UnreadableDocumentError for a file the library cannot read, DocumentLimitError for one over
 * its limits).
 */
export async function readDocument(
  bytes: Uint8Array,
  hash: string,
  fp: Pick<SourceFingerprint, "file" | "mtimeMs">,
  opts: ReadOptions,
): Promise<ReadDocument> {
  const cached = opts.cacheDir ? await readBlocks(opts.cacheDir, hash) : undefined;
  const origin: SourceOrigin = cached ? "blocks" : "extracted";
  const job: ReadJob = { bytes: cached ? new Uint8Array(0) : bytes, file: fp.file, contentType: opts.contentType, mtimeMs: fp.mtimeMs, cached };
  const read = opts.extract ? (j: ReadJob) => readJob(j, opts.extract!) : (opts.read ?? (await import("./isolated-reader.ts")).sharedReader().read);
  const { doc, article: parsed, textHash } = await read(job);
  // Editors' corrections act on the parse, whatever parser made it (corrections/CORRECTIONS.md).
  const article = opts.corrections ? (await import("./corrections/index.ts")).withCorrections(parsed, opts.corrections) : parsed;
  if (!cached && opts.write && opts.cacheDir && isCostly(bytes)) await writeBlocks(opts.cacheDir, hash, doc);
  return { doc, article, textHash, origin };
}

/** Plain text is read again faster than its cached blocks would be. */
export const isCostly = (bytes: Uint8Array): boolean => sniffFormat(bytes) !== "text";

export async function parseBytes(
  bytes: Uint8Array,
  hash: string,
  fp: SourceFingerprint,
  opts: ReadOptions,
): Promise<Omit<ScannedSource, keyof SourceFingerprint | "sha256">> {
  try {
    const { article, textHash, origin } = await readDocument(bytes, hash, fp, opts);
    return { article, textHash, origin };
  } catch (err) {
    return { error: failureOf(fp.file, err), origin: "extracted" };
  }
}

/**
 * A refusal keeps its Chinese message; anything else is a bug worth a stack in the log. Limit
 * refusals and failures of the reader thread on this document are marked for quarantine (an
 * ordinary refusal — a scan, a password — is not: it costs nothing to remember; nor is a bug of
 * this process before the document was read: the file is not to blame, and it is tried again).
 */
export function failureOf(file: string, err: unknown): SourceFailure {
  if (err instanceof DocumentLimitError) return { message: err.message, userMessage: err.userMessage, quarantine: true };
  if (err instanceof UnreadableDocumentError) return { message: err.message, userMessage: err.userMessage };
  return {
    message: `${file}: ${(err as Error)?.stack ?? String(err)}`,
    userMessage: READ_FAILED,
    ...(err instanceof ReaderThreadError ? { quarantine: true } : { retry: true }),
  };
}
