/**
 * The case store's cache under DATA_DIR/cache (design note: ARTICLES.md). Everything in it is
 * derived from the articles directory and may be deleted at any time:
 *
 *   library.json          one record per source file: its fingerprint (name, size, mtime),
 *                         content hash, text hash and parsed Article, or why it could not be
 *                         read; valid for one parser version
 *   articles/<key>.json   the parsed Article of one source, by a key of its parser version,
 *                         path, content hash and mtime: written once when it is parsed, so adding
 *                         a newsletter never rewrites the others
 *   blocks/<sha256>.json  the extracted BlockDocument of a file that is costly to read
 *                         (Word, PDF, web page), by content hash, valid for one extractor version
 *
 * Files are written to a temporary name and renamed, so a reader (another process, a crash)
 * sees the old file or the new one, never half of one.
 */
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, utimes, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BlockDocument } from "./blocks.ts";
import type { Article } from "./types.ts";

export const CACHE_VERSION = 4;
const MANIFEST_FILE = "library.json";
const BLOCKS_DIR = "blocks";
const ARTICLES_DIR = "articles";

export interface SourceFingerprint {
  /** Path relative to the articles directory. */
  file: string;
  size: number;
  /** Modification time, whole milliseconds: dates an undated newsletter. */
  mtimeMs: number;
  /**
   * Status-change time, as precise as the file system gives it. Nobody can set it: a file
   * rewritten within the same millisecond, or copied in with its old mtime (cp -p, rsync -t,
   * an unzip) and the same size, still looks changed — its bytes are then hashed to tell.
   */
  ctimeMs: number;
  /**
   * The editors' corrections stored beside it (`<file>.corrections.json`, corrections/): part of
   * the fingerprint, so a changed sidecar re-applies them and the live library rebuilds.
   */
  corrections?: FileStamp;
}

/** A file's size and times, as the fingerprint compares them. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** Why a file is not in the library: `message` for logs, `userMessage` (Chinese) for editors. */
export interface SourceFailure {
  message: string;
  userMessage: string;
  /** Over a reading limit, or a failure that is not an ordinary refusal: moved to quarantine at the next scan that writes. */
  quarantine?: boolean;
  /** A failure of this process, not of the file: read again at the next scan instead of remembered. */
  retry?: boolean;
}

/** What lists and reports need of a parsed article, kept in the manifest (the article is not). */
export interface ArticleSummary {
  id: string;
  title: string;
  publishedAt?: string;
  /** Cases with a unit. */
  units: number;
  /** Every case, the article's own text included. */
  cases: number;
}

export interface SourceRecord extends SourceFingerprint {
  /** SHA-256 of the file's bytes. */
  sha256: string;
  /** Hash of the extracted text without whitespace: the same document under another name. */
  textHash?: string;
  /** Present when the source was parsed: its article is in articles/<articleKey>.json. */
  summary?: ArticleSummary;
  articleKey?: string;
  /**
   * The parsed article: in memory when it was parsed by this process, else read from its file
   * on first use (never written into the manifest).
   */
  article?: Article;
  error?: SourceFailure;
  /** Left out of the library as the same text as this (earlier) source. */
  duplicateOf?: string;
  /** Left out of the library: this source has the same article id. */
  conflictsWith?: string;
}

export interface Manifest {
  version: number;
  parser: string;
  createdAt: string;
  sources: SourceRecord[];
}

export function cacheDirOf(dataDir: string): string {
  return join(dataDir, "cache");
}

/** Where replaced and removed originals are kept: $DATA_DIR/removed, next to the cache. */
export function removedDirOf(cacheDir: string): string {
  return join(cacheDir, "..", "removed");
}

export function manifestPath(cacheDir: string): string {
  return join(cacheDir, MANIFEST_FILE);
}

/** The manifest if it is readable and was written by this parser; undefined otherwise. */
export async function readManifest(cacheDir: string): Promise<Manifest | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(manifestPath(cacheDir), "utf8"));
  } catch {
    return undefined; // missing or corrupt: everything is read again
  }
  const m = parsed as Partial<Manifest> | null;
  if (m?.version !== CACHE_VERSION || m.parser !== parserVersion() || !Array.isArray(m.sources)) return undefined;
  return m as Manifest;
}

export async function writeManifest(cacheDir: string, manifest: Manifest): Promise<void> {
  // Copies of the enumerable fields: a scanned source's article is a getter that reads its file,
  // and naming it would read every article of the library.
  const sources = manifest.sources.map((r) => {
    const slim = { ...r };
    delete slim.article;
    return slim;
  });
  await writeFileAtomic(manifestPath(cacheDir), JSON.stringify({ ...manifest, sources }));
}

export function summaryOf(article: Article): ArticleSummary {
  return {
    id: article.id,
    title: article.title,
    ...(article.publishedAt !== undefined && { publishedAt: article.publishedAt }),
    units: article.cases.filter((c) => c.unit).length,
    cases: article.cases.length,
  };
}

/** Which parse of which bytes under which name, time and corrections an article file holds. */
export function articleKeyOf(fp: Pick<SourceFingerprint, "file" | "mtimeMs" | "corrections">, sha256: string): string {
  const c = fp.corrections;
  const corrections = c ? `${c.size}|${c.mtimeMs}|${c.ctimeMs}` : "";
  return createHash("sha256").update(`${parserVersion()}\n${fp.file}\n${sha256}\n${fp.mtimeMs}\n${corrections}`).digest("hex").slice(0, 32);
}

const articlePath = (cacheDir: string, key: string) => join(cacheDir, ARTICLES_DIR, `${key}.json`);

/** An article file: the parsed article and the text hash duplicate detection compares. */
export interface ArticleFile {
  textHash: string;
  article: Article;
}

export async function writeArticle(cacheDir: string, key: string, file: ArticleFile): Promise<void> {
  await writeFileAtomic(articlePath(cacheDir, key), JSON.stringify(file));
}

/** The article file, or undefined when it is missing or unreadable (the source is then parsed again). */
export function readArticleSync(cacheDir: string, key: string): ArticleFile | undefined {
  try {
    const file = JSON.parse(readFileSync(articlePath(cacheDir, key), "utf8")) as Partial<ArticleFile> | null;
    return file && typeof file.textHash === "string" && Array.isArray(file.article?.cases) ? (file as ArticleFile) : undefined;
  } catch {
    return undefined;
  }
}

/** Keys of the article files there are (one directory listing). */
export async function articleKeysPresent(cacheDir: string): Promise<Set<string>> {
  const names = await readdir(join(cacheDir, ARTICLES_DIR)).catch(() => [] as string[]);
  return new Set(names.filter((n) => n.endsWith(".json")).map((n) => n.slice(0, -5)));
}

/** Removes article files no record points at any more (`keep` holds article keys). */
export async function pruneArticles(cacheDir: string, keep: ReadonlySet<string>): Promise<void> {
  const dir = join(cacheDir, ARTICLES_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.endsWith(".json") && !keep.has(n.slice(0, -5))).map((n) => rm(join(dir, n), { force: true })));
}

const blocksPath = (cacheDir: string, sha256: string) => join(cacheDir, BLOCKS_DIR, `${sha256}.json`);

interface BlocksFile {
  extractor: string;
  doc: BlockDocument;
}

export async function readBlocks(cacheDir: string, sha256: string): Promise<BlockDocument | undefined> {
  try {
    const file = JSON.parse(await readFile(blocksPath(cacheDir, sha256), "utf8")) as Partial<BlocksFile> | null;
    return file?.extractor === extractorVersion() && Array.isArray(file.doc?.blocks) ? file.doc : undefined;
  } catch {
    return undefined;
  }
}

export async function writeBlocks(cacheDir: string, sha256: string, doc: BlockDocument): Promise<void> {
  const file: BlocksFile = { extractor: extractorVersion(), doc };
  await writeFileAtomic(blocksPath(cacheDir, sha256), JSON.stringify(file));
}

/** Removes cached blocks of files that are gone (or changed); `keep` holds content hashes. */
export async function pruneBlocks(cacheDir: string, keep: ReadonlySet<string>): Promise<void> {
  const dir = join(cacheDir, BLOCKS_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.filter((n) => n.endsWith(".json") && !keep.has(n.slice(0, -5))).map((n) => rm(join(dir, n), { force: true })),
  );
}

/**
 * Temp file + rename in the same directory (created if missing). `mtime` is set before the
 * rename, so nobody sees the file with another time (it dates undated newsletters).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mtime?: Date): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  // A hidden .tmp name keeps a half-written newsletter out of every listing of sources, and a
  // short one leaves a name of the longest allowed length (255 bytes) room to be written.
  const tmp = join(dirname(path), `.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(tmp, data);
    if (mtime) await utimes(tmp, mtime, mtime);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * The document's text as duplicate detection compares it: every block's text, NFKC, without
 * any whitespace, so re-wrapped lines or another file name do not make it another document.
 */
export function textHashOf(doc: BlockDocument): string {
  const hash = createHash("sha256");
  for (const b of doc.blocks) hash.update(b.text.normalize("NFKC").replace(/\s+/g, ""));
  return hash.digest("hex").slice(0, 32);
}

const corpusRoot = () => fileURLToPath(new URL(".", import.meta.url));
/** The modules' own extension: .ts under tsx and the tests, .js in the build (dist/). */
const moduleExtension = extname(fileURLToPath(import.meta.url));
/** Source modules, and the plain-JavaScript worker scripts beside them. */
const isModule = (f: string) => f.endsWith(moduleExtension) || f.endsWith(".mjs");

function hashSources(dir: string, extra: readonly string[] = []): string {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter(isModule).sort();
  const hash = createHash("sha1");
  for (const f of files) hash.update(f).update(readFileSync(join(dir, f)));
  for (const e of extra) hash.update(e);
  return hash.digest("hex").slice(0, 12);
}

/**
 * Which parser wrote a record: a hash of every source file of the corpus module, so a parser
 * change invalidates cached articles without anyone remembering to bump a number.
 */
let parserHash: string | undefined;
export function parserVersion(): string {
  return (parserHash ??= hashSources(corpusRoot()));
}

/**
 * Which extractors wrote cached blocks: the extract/ sources, the block model and the versions
 * of the libraries that read the files. A change to segmentation only keeps the blocks, so
 * re-parsing fifty PDFs does not mean extracting them again.
 */
let extractorHash: string | undefined;
export function extractorVersion(): string {
  if (extractorHash) return extractorHash;
  const require = createRequire(import.meta.url);
  const libraries = ["mammoth", "pdfjs-dist", "linkedom", "@mozilla/readability"].map((name) => {
    try {
      return `${name}@${(require(`${name}/package.json`) as { version: string }).version}`;
    } catch {
      return `${name}@?`; // version unreadable: the extract/ sources still count
    }
  });
  const blocksModel = readFileSync(join(corpusRoot(), `blocks${moduleExtension}`), "utf8");
  extractorHash = hashSources(join(corpusRoot(), "extract"), [...libraries, blocksModel]);
  return extractorHash;
}
