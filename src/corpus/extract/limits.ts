/**
 * What one untrusted document may cost to read. A newsletter is a few dozen pages; these bounds
 * are far above any real one and far below what takes the bot down. Sizes "once unpacked" are
 * checked before a library inflates anything where the format allows (a zip's declared entry
 * sizes, checked again against the bytes as they inflate; a PDF's flate streams; an HTML page's
 * tags), and the reading itself runs in a worker thread with a heap ceiling, a process-memory
 * watchdog and a wall-clock deadline (isolated.ts). Every limit names its cause in the refusal
 * (errors.ts LIMIT_MESSAGES).
 */
export interface ExtractLimits {
  /** Wall-clock time for reading one document (extraction and parsing), ms. */
  timeoutMs: number;
  /** The reading thread's V8 heap (old generation), MB. */
  heapMb: number;
  /** How far the process's resident memory may grow while one document is read, MB (ArrayBuffers count here, not in the heap). */
  memoryMb: number;
  /** Entries in a Word package (a real one has a few dozen, a few hundred with photos). */
  zipEntries: number;
  /** One entry's size once inflated, bytes (as declared, and as it really inflates). */
  zipEntryBytes: number;
  /** All entries together once inflated, bytes. */
  zipTotalBytes: number;
  /** Paragraphs (blocks) in one document; a Word package's <w:p> are counted before it is converted. */
  paragraphs: number;
  /** Characters of text in one document (a newsletter has tens of thousands). */
  textChars: number;
  /** PDF pages; a longer PDF is refused, not read in part. */
  pdfPages: number;
  /** Text pieces pdf.js returns for the whole PDF. */
  pdfTextItems: number;
  /** One flate-compressed PDF stream (not an image) once inflated, bytes. */
  pdfStreamBytes: number;
  /** All such streams together once inflated, bytes. */
  pdfInflatedBytes: number;
  /** A web page's size, bytes. */
  htmlBytes: number;
  /** How deeply a web page's elements may nest. */
  htmlDepth: number;
  /** Elements in a web page. */
  htmlElements: number;
}

const MB = 1024 * 1024;

export const EXTRACT_LIMITS: Readonly<ExtractLimits> = Object.freeze({
  timeoutMs: 60_000,
  heapMb: 512,
  memoryMb: 640,
  zipEntries: 5_000,
  zipEntryBytes: 64 * MB,
  zipTotalBytes: 256 * MB,
  paragraphs: 20_000,
  textChars: 3_000_000,
  pdfPages: 300,
  pdfTextItems: 500_000,
  pdfStreamBytes: 64 * MB,
  pdfInflatedBytes: 512 * MB,
  htmlBytes: 10 * MB,
  htmlDepth: 2_000,
  htmlElements: 100_000,
});

/** The limits in force: the defaults with a caller's overrides (tests shrink them). */
export function limitsOf(overrides: Partial<ExtractLimits> | undefined): ExtractLimits {
  return overrides ? { ...EXTRACT_LIMITS, ...overrides } : EXTRACT_LIMITS;
}

/** Bytes as the refusals write them: whole megabytes. */
export const megabytes = (bytes: number): number => Math.round(bytes / MB);

/** How DOCUMENT_LIMITS is written: `name=value` pairs (the ExtractLimits names, whole numbers of bytes or ms), comma-separated. */
export const DOCUMENT_LIMITS_MESSAGE =
  `must be name=value pairs separated by commas, names among ${Object.keys(EXTRACT_LIMITS).join(", ")}, ` +
  "values whole numbers (bytes, ms, MB for heapMb/memoryMb)";

/**
 * DOCUMENT_LIMITS: overrides of the defaults for the whole process (a small server, and the tests
 * that send small bombs against proportionally small limits). Throws naming what is wrong.
 */
export function parseDocumentLimits(value: string | undefined): Partial<ExtractLimits> {
  const out: Partial<ExtractLimits> = {};
  for (const pair of (value ?? "").split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\w+)\s*=\s*(\d+)$/.exec(pair);
    if (!m || !(m[1]! in EXTRACT_LIMITS) || Number(m[2]) <= 0) throw new Error(`DOCUMENT_LIMITS: "${pair}" ${DOCUMENT_LIMITS_MESSAGE}`);
    out[m[1] as keyof ExtractLimits] = Number(m[2]);
  }
  return out;
}

/** The process's limits: the defaults with DOCUMENT_LIMITS (validated at start-up by config.ts) over them. */
export function processLimits(env: NodeJS.ProcessEnv = process.env): ExtractLimits {
  return limitsOf(parseDocumentLimits(env.DOCUMENT_LIMITS));
}
