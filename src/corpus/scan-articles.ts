import { statSync, type Stats } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { CorpusError } from "../errors.ts";
import { QUARANTINE_TEXT, SCAN_TEXT } from "../messages/documents.ts";
import {
  articleKeyOf,
  articleKeysPresent,
  CACHE_VERSION,
  parserVersion,
  pruneArticles,
  pruneBlocks,
  readArticleSync,
  readManifest,
  removedDirOf,
  sha256,
  summaryOf,

  writeArticle,
  writeManifest,
  type FileStamp,
  type SourceFingerprint,
  type SourceRecord,
} from "./cache.ts";
import { isSidecar, sidecarOf } from "./corrections/types.ts";
import { isSupportedFile } from "./extract/extensions.ts";
import { createLibrary } from "./library.ts";
import {
  beginReading,
  diedReading,
  endReading,
  quarantineDirOf,
  quarantineFile,
  type QuarantineNote,
  type ReadingMarker,
} from "./quarantine.ts";
import { parseBytes, readSidecar, type ReadOptions } from "./read-document.ts";
import type { LibraryScan, LibrarySource, ScannedSource, ScanOptions, SkippedSource, SourceOrigin } from "./scan-types.ts";
import type { Article, CaseLibrary } from "./types.ts";

export { cacheDirOf, parserVersion, type SourceFingerprint, type SourceRecord } from "./cache.ts";

/**
 * The case store: every newsletter under the articles directory (.txt .md .docx .pdf .html
 * .htm), read through the extractor registry and parseDocument, with a per-file cache (cache.ts,
 * ARTICLES.md). A file whose fingerprint (name, size, mtime) matches its cached record is not read
 * at all; a changed file is re-read and, when its content hash has cached blocks, re-parsed
 * without extracting again; only new content goes through pdf.js or mammoth. A file that cannot
 * be read is left out with a warning and never takes the library down. The articles stay the
 * source of truth; the cache is derived and rebuilt whenever it is missing or stale.
 */


/**
 * Supported files under `dir` (recursively, hidden ones skipped), relative to it, sorted.
 * `exclude` are directories never read as sources (the cache and the removed originals, in
 * case ARTICLES_DIR is DATA_DIR itself).
 */
export async function listSources(dir: string, exclude: readonly string[] = [], opts: { blocking?: boolean } = {}): Promise<SourceFingerprint[]> {
  let files: string[];
  let sidecars: Set<string>;
  const excluded = exclude.map((d) => relative(dir, d)).filter((r) => r && !r.startsWith("..") && !isAbsolute(r));
  try {
    const names = (await readdir(dir, { recursive: true, encoding: "utf8" }))
      .filter((f) => !f.split(/[\\/]/).some((part) => part.startsWith(".")))
      .filter((f) => !excluded.some((x) => f.startsWith(x + sep)));
    files = names.filter(isSupportedFile).sort();
    sidecars = new Set(names.filter(isSidecar));
  } catch (err) {
    // No articles directory yet (a fresh DATA_DIR): an empty library, which ingest fills.
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new CorpusError(
      `Cannot read the articles directory ${dir}: ${(err as Error).message}. Set ARTICLES_DIR or DATA_DIR.`,
      SCAN_TEXT.noArticlesDir(dir),
    );
  }
  const stampOf = (path: string): FileStamp | undefined => {
    let info: Stats | undefined;
    try {
      info = statSync(path, { throwIfNoEntry: false });
    } catch {
      return undefined; // unreadable, or removed meanwhile
    }
    return info?.isFile() ? { size: info.size, mtimeMs: Math.trunc(info.mtimeMs), ctimeMs: info.ctimeMs } : undefined;
  };
  // Blocking stats cost a fraction of 20,000 promises. A process that is starting may block; one
  // that is answering (the live library's checks, an upload) gives the event loop a turn every
  // few milliseconds of them.
  const listed: SourceFingerprint[] = [];
  let slice = performance.now();
  for (const f of files) {
    if (!opts.blocking && performance.now() - slice > STAT_SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      slice = performance.now();
    }
    const stamp = stampOf(join(dir, f));
    if (!stamp) continue;
    const corrections = sidecars.has(sidecarOf(f)) ? stampOf(join(dir, sidecarOf(f))) : undefined;
    listed.push({ file: relative(dir, join(dir, f)), ...stamp, ...(corrections && { corrections }) });
  }
  return listed;
}

/** How long listSources stats files between two turns of the event loop. */
const STAT_SLICE_MS = 5;

const sameStamp = (a: FileStamp | undefined, b: FileStamp | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs);

const sameFingerprint = (a: SourceFingerprint, b: SourceFingerprint) => a.file === b.file && sameStamp(a, b) && sameStamp(a.corrections, b.corrections);

/** A fingerprint as one string (what the live library compares builds by). */
export const fingerprintKey = (s: SourceFingerprint): string => {
  const c = s.corrections;
  return `${s.file}|${s.size}|${s.mtimeMs}|${s.ctimeMs}${c ? `|${c.size}|${c.mtimeMs}|${c.ctimeMs}` : ""}`;
};

/** Reads the articles directory into articles, through the cache when one is given. */
export async function scanLibrary(articlesDir: string, opts: ScanOptions = {}): Promise<LibraryScan> {
  const cacheDir = opts.cacheDir;
  const sources = opts.listed ?? (await listSources(articlesDir, cacheDir ? [cacheDir, removedDirOf(cacheDir), quarantineDirOf(cacheDir)] : []));
  const manifest = cacheDir ? await readManifest(cacheDir) : undefined;
  const present = cacheDir ? await articleKeysPresent(cacheDir) : new Set<string>();
  // A record whose article file is gone (deleted by hand, a torn copy of the cache) is read again.
  const previous = new Map((manifest?.sources ?? []).filter((r) => !r.articleKey || present.has(r.articleKey)).map((r) => [r.file, r]));
  const write = cacheDir !== undefined && (opts.write ?? true);
  const scanned: ScannedSource[] = [];
  const quarantined: QuarantineNote[] = [];
  const died = write ? await diedReading(cacheDir) : undefined;
  for (const fp of sources) {
    const prev = previous.get(fp.file);
    const s =
      prev && sameFingerprint(prev, fp) && !prev.error?.retry
        ? fromRecord({ ...prev, ...fp }, "cache", cacheDir)
        : await readSource(articlesDir, fp, prev, { cacheDir, write, extract: opts.extract, read: opts.read, logger: opts.logger, present }, died);
    // Over a limit, or failed in a way that is not an ordinary refusal: moved aside, never read again.
    const note = write && s.error?.quarantine ? await quarantine(articlesDir, cacheDir, s, opts) : undefined;
    if (note) quarantined.push(note);
    else scanned.push(s);
  }
  const result = assemble(scanned, previous);
  result.quarantined = quarantined;
  for (const s of result.skipped) opts.logger?.warn({ file: s.file, reason: s.reason }, "newsletter left out of the library");
  const records = scanned.map(({ origin: _o, ...record }): SourceRecord => record);
  const changed = !manifest || scanned.some((s) => s.origin !== "cache") || signature(records) !== signature(manifest.sources);
  if (write && changed) {
    try {
      await writeManifest(cacheDir, {
        version: CACHE_VERSION,
        parser: parserVersion(),
        createdAt: (opts.now?.() ?? new Date()).toISOString(),
        sources: records,
      });
      await pruneBlocks(cacheDir, new Set(scanned.map((s) => s.sha256)));
      await pruneArticles(cacheDir, new Set(scanned.flatMap((s) => (s.articleKey ? [s.articleKey] : []))));
      result.wrote = true;
    } catch (err) {
      // A read-only DATA_DIR costs start-up time, not the library.
      opts.logger?.warn({ err, cacheDir }, "could not write the corpus cache");
    }
  }
  return result;
}

/**
 * The sources as the manifest records them, when it describes the articles directory exactly as
 * listed now (every file has a record with its fingerprint, its article file is there, nothing is
 * to be retried): what scanLibrary would return, without its pass over every source. Undefined
 * otherwise (then only a scan tells).
 */
export async function recordedSources(articlesDir: string, cacheDir: string): Promise<ScannedSource[] | undefined> {
  const [listed, manifest, present] = await Promise.all([
    listSources(articlesDir, [cacheDir, removedDirOf(cacheDir), quarantineDirOf(cacheDir)]),
    readManifest(cacheDir),
    articleKeysPresent(cacheDir),
  ]);
  if (!manifest || manifest.sources.length !== listed.length) return undefined;
  const out: ScannedSource[] = [];
  for (const [i, fp] of listed.entries()) {
    // Both lists are sorted by file: a record out of step is a change.
    const r = manifest.sources[i]!;
    if (!sameFingerprint(r, fp) || r.error?.retry || r.error?.quarantine || (r.articleKey && !present.has(r.articleKey))) return undefined;
    out.push(fromRecord(r, "cache", cacheDir));
  }
  return out;
}

/** What the manifest would say of the sources, apart from the articles themselves. */
const signature = (records: readonly SourceRecord[]) =>
  records.map((r) => [fingerprintKey(r), r.sha256, r.duplicateOf ?? "", r.conflictsWith ?? ""].join("|")).join("\n");

/**
 * Duplicates (same text) and id conflicts are left out. The one kept is the one the library
 * already had (so ids in links and subscriptions stay valid), else the older file, else the
 * first by name.
 */
function assemble(scanned: ScannedSource[], previous: ReadonlyMap<string, SourceRecord>): LibraryScan {
  const byText = new Map<string, string>();
  const byId = new Map<string, string>();
  const kept: ScannedSource[] = [];
  const skipped: SkippedSource[] = [];
  const stats = { cache: 0, blocks: 0, extracted: 0, failed: 0 };
  const wasKept = (s: ScannedSource) => {
    const p = previous.get(s.file);
    return p?.summary && !p.duplicateOf && !p.conflictsWith ? 0 : 1;
  };
  const order = [...scanned].sort((a, b) => wasKept(a) - wasKept(b) || a.mtimeMs - b.mtimeMs || (a.file < b.file ? -1 : 1));
  for (const s of scanned) {
    stats[s.origin]++;
    delete s.duplicateOf;
    delete s.conflictsWith;
  }
  for (const s of order) {
    if (!s.summary) {
      stats.failed++;
      skipped.push({ file: s.file, reason: s.error?.userMessage ?? SCAN_TEXT.unreadable });
      continue;
    }
    const sameText = s.textHash ? byText.get(s.textHash) : undefined;
    const sameId = byId.get(s.summary.id);
    if (sameText) {
      s.duplicateOf = sameText;
      skipped.push({ file: s.file, reason: SCAN_TEXT.duplicate(sameText) });
    } else if (sameId) {
      s.conflictsWith = sameId;
      skipped.push({ file: s.file, reason: SCAN_TEXT.idConflict(sameId, s.summary.id) });
    } else {
      if (s.textHash) byText.set(s.textHash, s.file);
      byId.set(s.summary.id, s.file);
      kept.push(s);
    }
  }
  skipped.sort((a, b) => (a.file < b.file ? -1 : 1));
  let articles: Article[] | undefined;
  return {
    sources: scanned,
    kept,
    get articles() {
      // An article file removed since the scan leaves its source out rather than failing.
      return (articles ??= kept.flatMap((s) => (s.article ? [s.article] : [])));
    },
    skipped,
    stats,
    wrote: false,
    quarantined: [],
  };
}

/** The scan's articles one at a time, each let go after `fn` (a library of any size, in little memory). */
export function forEachArticle(scan: Pick<LibraryScan, "kept">, fn: (article: Article, source: ScannedSource) => void): void {
  for (const s of scan.kept) {
    const article = s.article;
    if (article) fn(article, s);
    if (s.articleKey) s.article = undefined; // read again from its file if asked for later
  }
}

/**
 * A source as the scan reports it. A record read from the manifest gets its article from its
 * file on first use (a getter that is not enumerable, so spreading a record never reads it).
 */
export function fromRecord(record: SourceRecord, origin: SourceOrigin, cacheDir: string | undefined): ScannedSource {
  const { article, ...rest } = record;
  const out: ScannedSource = { ...rest, origin };
  let loaded = article;
  Object.defineProperty(out, "article", {
    enumerable: false,
    configurable: true,
    get: () => (loaded ??= record.summary && record.articleKey && cacheDir ? readArticleSync(cacheDir, record.articleKey)?.article : undefined),
    set: (value: Article | undefined) => (loaded = value),
  });
  return out;
}

/** Moves a failed source to quarantine (quarantine.ts) and logs it; undefined when it could not be moved (it stays a failure). */
async function quarantine(articlesDir: string, cacheDir: string, s: ScannedSource, opts: ScanOptions): Promise<QuarantineNote | undefined> {
  try {
    const note = await quarantineFile(
      articlesDir,
      cacheDir,
      s.file,
      { reason: s.error?.userMessage ?? "", detail: s.error?.message ?? "" },
      opts.now?.() ?? new Date(),
    );
    opts.logger?.warn(
      { file: s.file, keptAt: note.keptAt, reason: note.detail },
      "newsletter quarantined: it is not read again until it is put back into the articles directory",
    );
    return note;
  } catch (err) {
    opts.logger?.warn({ err, file: s.file }, "could not quarantine a newsletter; it stays left out");
    return undefined;
  }
}

async function readSource(
  articlesDir: string,
  fp: SourceFingerprint,
  prev: SourceRecord | undefined,
  opts: Omit<ReadOptions, "corrections">,
  died?: ReadingMarker,
): Promise<ScannedSource> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(join(articlesDir, fp.file));
  } catch (err) {
    const error = { message: `${fp.file}: ${(err as Error).message}`, userMessage: "无法读取这个文件。" };
    return { ...fp, sha256: "", error, origin: "extracted" };
  }
  const hash = sha256(bytes);
  // Same bytes, only touched or copied: the article stands (nothing in it depends on the file's
  // time) unless its corrections changed; a refusal stays a refusal.
  const sameCorrections = sameStamp(prev?.corrections, fp.corrections);
  if (prev && prev.sha256 === hash && ((prev.error && !prev.error.retry) || (!prev.error && sameCorrections))) {
    return fromRecord({ ...prev, ...fp, corrections: fp.corrections }, "cache", opts.cacheDir);
  }
  // Parsed before under this name, content and corrections (an interrupted ingest, a lost manifest).
  const key = articleKeyOf(fp, hash);
  const saved = opts.cacheDir && opts.present?.has(key) ? readArticleSync(opts.cacheDir, key) : undefined;
  if (saved)
    return fromRecord(
      { ...fp, sha256: hash, textHash: saved.textHash, summary: summaryOf(saved.article), articleKey: key, article: saved.article },
      "cache",
      opts.cacheDir,
    );
  // The marker outlives a process that dies reading this file: twice, and it is not read again.
  const marked = opts.write && opts.cacheDir ? opts.cacheDir : undefined;
  if (marked && !(await beginReading(marked, fp.file, hash, died).catch(() => true))) {
    return {
      ...fp,
      sha256: hash,
      error: { message: `${fp.file}: the process died twice while reading it`, userMessage: QUARANTINE_TEXT.crashed, quarantine: true },
      origin: "extracted",
    };
  }
  const corrections = fp.corrections ? await readSidecar(articlesDir, fp.file, opts.logger) : undefined;
  const parsed = await parseBytes(bytes, hash, fp, { ...opts, corrections });
  if (marked) await endReading(marked).catch(() => undefined);
  if (!parsed.article) return { ...fp, sha256: hash, ...parsed };
  if (opts.write && opts.cacheDir) await writeArticle(opts.cacheDir, key, { textHash: parsed.textHash!, article: parsed.article });
  return { ...fp, sha256: hash, ...parsed, summary: summaryOf(parsed.article), ...(opts.cacheDir && { articleKey: key }) };
}


/** The library for start-up: the cache where it is fresh, the rest read and cached again. */
export async function openLibrary(
  articlesDir: string,
  cacheDir: string | undefined,
  opts: Omit<ScanOptions, "cacheDir"> = {},
): Promise<{ library: CaseLibrary; source: LibrarySource; scan: LibraryScan }> {
  const scan = await scanLibrary(articlesDir, { ...opts, cacheDir });
  const fromCache = scan.sources.length > 0 && scan.sources.every((s) => s.origin === "cache");
  return { library: libraryOf(scan.articles, articlesDir, scan.skipped), source: fromCache ? "cache" : "articles", scan };
}

/** The library over parsed articles; refuses a corpus without a single line of text. */
export function libraryOf(articles: Article[], articlesDir: string, skipped: readonly SkippedSource[] = []): CaseLibrary {
  if (articles.every((a) => a.cases.length === 0)) {
    const unread = skipped.length ? ` (left out: ${skipped.map((s) => `${s.file}: ${s.reason}`).join("; ")})` : "";
    throw new CorpusError(`No text found in ${articlesDir}${unread}: add newsletters (.txt, .md, .docx, .pdf, .html) there, or set ARTICLES_DIR.`);
  }
  return createLibrary(articles);
}
