import type { BlockDocument } from "./blocks.ts";
import { textHashOf } from "./cache.ts";
import type { ExtractFn } from "./extract/index.ts";
import type { ExtractLimits } from "./extract/limits.ts";
import type { Article } from "./types.ts";

/**
 * Reading one document: its bytes (or its cached blocks) → blocks → article. The same function
 * runs in the isolated reader's worker thread (isolated-reader.ts, the default everywhere) and,
 * with an injected extractor, in the caller's thread (tests that count extractions).
 */
export interface ReadJob {
  /** The file's bytes (empty when `cached` is given). */
  bytes: Uint8Array;
  /** Its path under the articles directory: the article's source file and id. */
  file: string;
  contentType?: string;
  /** Dates an article whose text carries no date. */
  mtimeMs: number;
  /** Blocks extracted earlier (the cache): parsed again without extracting. */
  cached?: BlockDocument;
  limits?: Partial<ExtractLimits>;
}

export interface Reading {
  doc: BlockDocument;
  article: Article;
  /** The text's hash (duplicates under other names). */
  textHash: string;
}

export type ReadFn = (job: ReadJob) => Promise<Reading>;

export async function readJob(job: ReadJob, extract: ExtractFn): Promise<Reading> {
  const doc = job.cached ?? (await extract(job.bytes, { fileName: job.file, contentType: job.contentType, limits: job.limits }));
  // Loaded on demand: a start-up from a fresh cache never needs the parser.
  const { parseDocument } = await import("./parse.ts");
  const article = parseDocument({ doc, sourceFile: job.file });
  return { doc, article, textHash: textHashOf(doc) };
}
