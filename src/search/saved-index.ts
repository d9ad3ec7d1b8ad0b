import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type BetterSqlite3 from "better-sqlite3";
import type { CaseSection, Figure, Paragraph } from "../corpus/types.ts";
/**
 * The saved index (design: DESIGN.md, "The saved index"): one SQLite file beside the corpus
 * cache that holds the library's cases and an FTS5 index of the same terms MiniSearch gets
 * (Han bigrams, numbers, words, each stored as its termKey), so a process starts by opening it
 * instead of parsing and indexing, and a new newsletter changes only its own rows.
 *
 * Only the light part of each case (unit, place, headline, practices) is read at start-up; its
 * text is read when a question or a command first needs it. A save is one transaction per batch
 * of articles, and each article's rows are written with its source's fingerprint, so an
 * interrupted save leaves a file that says exactly which sources it holds. A file from another
 * schema, parser or search version, or one SQLite cannot read, is deleted and built again.
 */
export const SAVED_INDEX_FILE = "index.sqlite";
const SCHEMA = 4;

export type Database = BetterSqlite3.Database;

let sqlite: typeof BetterSqlite3 | undefined;
/** better-sqlite3, loaded on first use: processes that never open a saved index never load it. */
export function database(path: string, opts?: BetterSqlite3.Options): Database {
  sqlite ??= createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;
  return new sqlite(path, opts);
}

/** Whether better-sqlite3 can be loaded here (it is a native module, built at install). */
export function savedIndexAvailable(): boolean {
  try {
    sqlite ??= createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;
    return true;
  } catch {
    return false;
  }
}

let stampHash: string | undefined;
/**
 * What a saved index is valid for: its schema, the search module's analysis (how text becomes
 * terms) and the corpus parser (parserVersion, passed in so this module does not read the
 * corpus sources itself).
 */
export function savedIndexStamp(parser: string): string {
  stampHash ??= (() => {
    const dir = fileURLToPath(new URL(".", import.meta.url));
    const hash = createHash("sha1").update(String(SCHEMA));
    const sources = readdirSync(dir).filter((n) => /^(?:index|options|tokenize|normalize|saved-index(?:-open|-write)?)\.[tj]s$/.test(n));
    for (const f of sources.sort()) hash.update(f).update(readFileSync(join(dir, f)));
    return hash.digest("hex").slice(0, 12);
  })();
  return `${stampHash}:${parser}`;
}

/** SQLite's own word that a file is not (or no longer) a whole database. */
export function isDamaged(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && /^SQLITE_(?:CORRUPT|NOTADB)/.test(code);
}

export interface CaseBody {
  lead: string;
  paragraphs: Paragraph[];
  figures: Figure[];
  captions: string[];
  sections: CaseSection[];
}

/** The signature of the articles directory the saved index was last brought in line with ("" if never). */
export function savedIndexSignature(path: string, stamp: string): string | undefined {
  try {
    const db = database(path, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare("SELECT key, value FROM meta").all() as Array<{ key: string; value: string }>;
      const meta = new Map(rows.map((r) => [r.key, r.value]));
      return meta.get("stamp") === stamp ? meta.get("sources") : undefined;
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}
