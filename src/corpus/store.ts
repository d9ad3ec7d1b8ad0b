import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { CorpusError } from "../errors.ts";
import { createLibrary } from "./library.ts";
import { parseArticle } from "./parse.ts";
import type { Article, CaseLibrary } from "./types.ts";

/**
 * The case store: `cli ingest` parses every newsletter once and writes the result, with a
 * fingerprint (name, size, mtime) of each source file, to a snapshot (data/cases.json).
 * Start-up uses the snapshot only when the fingerprints still match the article files;
 * otherwise it parses the articles directly, so an edited or added article is never hidden
 * behind a stale snapshot. The articles stay the source of truth.
 */
const SNAPSHOT_VERSION = 2;

/**
 * The snapshot also records which parser wrote it: a hash of every source file of the corpus
 * module, so a parser change invalidates old snapshots without anyone remembering to bump a number.
 */
let parserHash: string | undefined;
export function parserVersion(): string {
  if (parserHash) return parserHash;
  const root = fileURLToPath(new URL(".", import.meta.url));
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts")).sort();
  const hash = createHash("sha1");
  for (const f of files) hash.update(f).update(readFileSync(join(root, f)));
  parserHash = hash.digest("hex").slice(0, 12);
  return parserHash;
}
/** Newsletter sources: plain text and markdown. */
export const SOURCE_EXT = /\.(txt|md)$/i;

export interface SourceFingerprint {
  file: string;
  size: number;
  mtimeMs: number;
}

export interface CaseSnapshot {
  version: number;
  parser: string;
  createdAt: string;
  sources: SourceFingerprint[];
  articles: Article[];
}

export type LibrarySource = "snapshot" | "articles";

export function snapshotPath(dataDir: string): string {
  return join(dataDir, "cases.json");
}

/** .txt/.md files under `dir` (recursively), as paths relative to it, sorted. */
export async function listSources(dir: string): Promise<SourceFingerprint[]> {
  let files: string[];
  try {
    files = (await readdir(dir, { recursive: true })).filter((f) => SOURCE_EXT.test(f)).sort();
  } catch (err) {
    throw new CorpusError(`Cannot read the articles directory ${dir}: ${(err as Error).message}. Set ARTICLES_DIR or DATA_DIR.`);
  }
  return Promise.all(
    files.map(async (f) => {
      const info = await stat(join(dir, f));
      return { file: relative(dir, join(dir, f)), size: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
    }),
  );
}

export async function parseSources(dir: string, sources: SourceFingerprint[]): Promise<Article[]> {
  return Promise.all(
    sources.map(async (s) =>
      parseArticle({ text: await readFile(join(dir, s.file), "utf8"), sourceFile: s.file, publishedAt: new Date(s.mtimeMs).toISOString() }),
    ),
  );
}

/** Parses the articles directory and writes the snapshot atomically (temp file + rename). */
export async function ingest(articlesDir: string, snapshotFile: string, now: () => Date = () => new Date()): Promise<CaseSnapshot> {
  const sources = await listSources(articlesDir);
  const snapshot: CaseSnapshot = { version: SNAPSHOT_VERSION, parser: parserVersion(), createdAt: now().toISOString(), sources, articles: await parseSources(articlesDir, sources) };
  const tmp = `${snapshotFile}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(snapshot), "utf8");
  await rename(tmp, snapshotFile);
  return snapshot;
}

/** Reads the snapshot if it exists, is readable and matches `sources`; undefined otherwise. */
export async function readFreshSnapshot(snapshotFile: string, sources: SourceFingerprint[]): Promise<CaseSnapshot | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(snapshotFile, "utf8"));
  } catch {
    return undefined; // missing or corrupt: parse the articles instead
  }
  const snap = parsed as Partial<CaseSnapshot>;
  if (snap.version !== SNAPSHOT_VERSION || snap.parser !== parserVersion() || !Array.isArray(snap.sources) || !Array.isArray(snap.articles)) return undefined;
  const same =
    snap.sources.length === sources.length &&
    snap.sources.every((s, i) => s.file === sources[i]?.file && s.size === sources[i]?.size && s.mtimeMs === sources[i]?.mtimeMs);
  return same ? (snap as CaseSnapshot) : undefined;
}

/** The library for start-up: from a fresh snapshot when there is one, else parsed from the articles. */
export async function openLibrary(articlesDir: string, snapshotFile: string): Promise<{ library: CaseLibrary; source: LibrarySource }> {
  const sources = await listSources(articlesDir);
  const snap = await readFreshSnapshot(snapshotFile, sources);
  const articles = snap?.articles ?? (await parseSources(articlesDir, sources));
  return { library: libraryOf(articles, articlesDir), source: snap ? "snapshot" : "articles" };
}

/** The library over parsed articles; refuses a corpus without a single line of text. */
export function libraryOf(articles: Article[], articlesDir: string): CaseLibrary {
  if (articles.every((a) => a.cases.length === 0)) {
    throw new CorpusError(`No text found in ${articlesDir}: add newsletters (.txt, .md) there, or set ARTICLES_DIR.`);
  }
  return createLibrary(articles);
}
