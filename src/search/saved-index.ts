import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type BetterSqlite3 from "better-sqlite3";
import { caseIdSuffixed, createLibrary } from "../corpus/library.ts";
import type { Article, Case, CaseLibrary, CaseSection, Figure, Paragraph, UnitLevel } from "../corpus/types.ts";
import { indexCase, searchIndexOf, type IndexedCase, type SearchIndex, type StoredNotes } from "./index.ts";
import { normalizeAligned } from "./normalize.ts";
import { hanChars, tokensOfNormalized } from "./tokenize.ts";

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
/** Articles per transaction while saving. */
const BATCH = 200;
/** Case texts kept parsed in memory (the rest are read again from the file when needed). */
const BODY_CACHE = 4096;
/** Up to this many cases in a scope, FTS5 looks up each one's row; a larger scope filters every match. */
const AMONG_ROWS = 2000;
/** Rows read between two turns of the event loop while a running bot opens a new build. */
const OPEN_SLICE = 2000;
/** Term frequencies kept in memory: a question looks up a few dozen. */
const DF_CACHE = 50_000;

type Database = BetterSqlite3.Database;

let sqlite: typeof BetterSqlite3 | undefined;
/** better-sqlite3, loaded on first use: processes that never open a saved index never load it. */
function database(path: string, opts?: BetterSqlite3.Options): Database {
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
    const sources = readdirSync(dir).filter((n) => /^(?:index|options|tokenize|normalize|saved-index)\.[tj]s$/.test(n));
    for (const f of sources.sort()) hash.update(f).update(readFileSync(join(dir, f)));
    return hash.digest("hex").slice(0, 12);
  })();
  return `${stampHash}:${parser}`;
}

/** One source of the library as the index records it: which parse of which file its rows are. */
export interface SavedSource {
  file: string;
  /** The corpus cache's article key (parser, path, bytes, mtime): a changed file has another. */
  key: string;
  /** Reads the article (from the corpus cache) when it has to be written. */
  article(): Article | undefined;
}

export interface SyncResult {
  added: string[];
  removed: string[];
  /** The file was missing, stale or unreadable and was built from scratch. */
  rebuilt: boolean;
}

function openWritable(path: string, stamp: string, rebuild = false): { db: Database; rebuilt: boolean } {
  const fresh = () => {
    rmSync(path, { force: true });
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
    const db = database(path);
    db.pragma("journal_mode = WAL");
    createSchema(db, stamp);
    return db;
  };
  if (rebuild) return { db: fresh(), rebuilt: true };
  try {
    const db = database(path);
    db.pragma("journal_mode = WAL");
    const row = db.prepare("SELECT value FROM meta WHERE key = 'stamp'").get() as { value: string } | undefined;
    if (row?.value === stamp && whole(db, path)) return { db, rebuilt: false };
    db.close();
  } catch {
    // Not a database, another schema, a torn copy: built again below.
  }
  return { db: fresh(), rebuilt: true };
}

function createSchema(db: Database, stamp: string): void {
  db.exec(`
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE sources(file TEXT PRIMARY KEY, key TEXT NOT NULL, article_id TEXT NOT NULL);
    CREATE TABLE articles(id TEXT PRIMARY KEY, json TEXT NOT NULL);
    CREATE TABLE cases(
      row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, article_id TEXT NOT NULL, ord INTEGER NOT NULL,
      unit TEXT NOT NULL, unit_key TEXT NOT NULL, place TEXT NOT NULL, level TEXT NOT NULL,
      headline TEXT NOT NULL, practices TEXT NOT NULL);
    CREATE TABLE bodies(row INTEGER PRIMARY KEY, body TEXT NOT NULL);
    CREATE TABLE notes(row INTEGER PRIMARY KEY, note TEXT NOT NULL);
    CREATE TABLE case_keys(key TEXT NOT NULL, row INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(key, row)) WITHOUT ROWID;
    CREATE INDEX case_keys_row ON case_keys(row);
    CREATE INDEX cases_article ON cases(article_id);
    CREATE VIRTUAL TABLE fts USING fts5(unit, title, text, captions, chars, content='', contentless_delete=1, tokenize="ascii tokenchars '.'");
    CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row');
  `);
  db.prepare("INSERT INTO meta(key, value) VALUES ('stamp', ?), ('sources', '')").run(stamp);
}

/**
 * Brings the saved index at `path` in line with `sources` (the library's kept sources): rows of
 * sources that are gone or changed are deleted, new ones written, nothing else touched.
 * `signature` (of the whole articles directory) is recorded last, in the same transaction as the
 * last batch: a process that finds the same signature may use the file without looking further.
 */
export function syncSavedIndex(path: string, stamp: string, sources: readonly SavedSource[], signature: string, annotate?: Annotate): SyncResult {
  try {
    return syncOnce(path, stamp, sources, signature, annotate, false);
  } catch (err) {
    // A page SQLite finds damaged while changing the file: the file is built again, never patched.
    if (!isDamaged(err)) throw err;
    return syncOnce(path, stamp, sources, signature, annotate, true);
  }
}

/** SQLite's own word that a file is not (or no longer) a whole database. */
export function isDamaged(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && /^SQLITE_(?:CORRUPT|NOTADB)/.test(code);
}

/**
 * The file holds every page its header counts: a copy cut short fails this. (A full quick_check
 * reads the whole file, which at a province's library costs far more than the change it guards;
 * damage inside the file is caught where SQLite meets it, isDamaged.)
 */
function whole(db: Database, path: string): boolean {
  const pages = db.pragma("page_count", { simple: true }) as number;
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  const wal = `${path}-wal`;
  return pages * pageSize <= statSync(path).size + (existsSync(wal) ? statSync(wal).size : 0);
}

function syncOnce(
  path: string,
  stamp: string,
  sources: readonly SavedSource[],
  signature: string,
  annotate: Annotate | undefined,
  rebuild: boolean,
): SyncResult {
  const { db, rebuilt } = openWritable(path, stamp, rebuild);
  try {
    const stored = db.prepare("SELECT file, key, article_id AS id FROM sources").all() as Array<{ file: string; key: string; id: string }>;
    const have = new Map(stored.map((r) => [r.file, r]));
    const want = new Map(sources.map((s) => [s.file, s]));
    const removed = [...have.values()].filter((h) => want.get(h.file)?.key !== h.key);
    const added = sources.filter((s) => have.get(s.file)?.key !== s.key);
    const w = writer(db, annotate);
    const removedIds: string[] = [];
    const addedIds: string[] = [];
    db.transaction(() => {
      for (const h of removed) {
        w.remove(h.id);
        db.prepare("DELETE FROM sources WHERE file = ?").run(h.file);
        removedIds.push(h.id);
      }
    })();
    for (let i = 0; i < added.length || i === 0; i += BATCH) {
      const last = i + BATCH >= added.length;
      db.transaction(() => {
        for (const s of added.slice(i, i + BATCH)) {
          const article = s.article();
          if (!article) continue; // its article file vanished: the next sync tries again
          w.remove(article.id); // an id taken over from another file
          w.add(article);
          db.prepare("INSERT OR REPLACE INTO sources(file, key, article_id) VALUES (?, ?, ?)").run(s.file, s.key, article.id);
          addedIds.push(article.id);
        }
        if (last) db.prepare("UPDATE meta SET value = ? WHERE key = 'sources'").run(signature);
      })();
    }
    return { added: addedIds, removed: removedIds, rebuilt };
  } finally {
    db.close();
  }
}

/**
 * What the answer layer stores beside each case of an article (its region, worked out from the
 * article alone), one string per case in the article's order (undefined: nothing).
 */
export type Annotate = (article: Article) => ReadonlyArray<{ note: string; keys: ReadonlyArray<readonly [string, number]> } | undefined>;

function writer(db: Database, annotate?: Annotate) {
  const insertArticle = db.prepare("INSERT OR REPLACE INTO articles(id, json) VALUES (?, ?)");
  const insertCase = db.prepare(
    "INSERT INTO cases(id, article_id, ord, unit, unit_key, place, level, headline, practices) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertBody = db.prepare("INSERT INTO bodies(row, body) VALUES (?, ?)");
  const deleteBody = db.prepare("DELETE FROM bodies WHERE row = ?");
  const insertNote = db.prepare("INSERT INTO notes(row, note) VALUES (?, ?)");
  const deleteNote = db.prepare("DELETE FROM notes WHERE row = ?");
  const insertKey = db.prepare("INSERT OR REPLACE INTO case_keys(key, row, n) VALUES (?, ?, ?)");
  const deleteKeys = db.prepare("DELETE FROM case_keys WHERE row = ?");
  const insertFts = db.prepare("INSERT INTO fts(rowid, unit, title, text, captions, chars) VALUES (?, ?, ?, ?, ?, ?)");
  const rowsOf = db.prepare("SELECT row FROM cases WHERE article_id = ?");
  const caseWithId = db.prepare("SELECT row, article_id FROM cases WHERE id = ?");
  const renameCase = db.prepare("UPDATE cases SET id = ? WHERE row = ?");
  const deleteFts = db.prepare("DELETE FROM fts WHERE rowid = ?");
  const deleteCases = db.prepare("DELETE FROM cases WHERE article_id = ?");
  const deleteArticle = db.prepare("DELETE FROM articles WHERE id = ?");
  return {
    add(article: Article) {
      const { cases, ...rest } = article;
      insertArticle.run(article.id, JSON.stringify(rest));
      const notes = annotate?.(article);
      for (const [i, c] of cases.entries()) {
        const body: CaseBody = { lead: c.lead, paragraphs: c.paragraphs, figures: c.figures, captions: c.captions, sections: c.sections };
        // Two articles' cases with one id: the rule createLibrary applies (library.ts).
        let id = c.id;
        const taken = caseWithId.get(id) as { row: number; article_id: string } | undefined;
        if (taken && c.articleId < taken.article_id) renameCase.run(caseIdSuffixed({ id, articleId: taken.article_id }), taken.row);
        else if (taken) id = caseIdSuffixed(c);
        const { lastInsertRowid } = insertCase.run(id, c.articleId, c.order, c.unit, c.unitKey, c.place, c.level, c.headline, JSON.stringify(c.practices));
        insertBody.run(lastInsertRowid, JSON.stringify(body));
        const note = notes?.[i];
        if (note) {
          insertNote.run(lastInsertRowid, note.note);
          for (const [key, n] of note.keys) insertKey.run(key, lastInsertRowid, n);
        }
        const fields = documentFields(c);
        insertFts.run(lastInsertRowid, fields.unit, fields.title, fields.text, fields.captions, fields.chars);
      }
    },
    remove(articleId: string) {
      for (const { row } of rowsOf.all(articleId) as Array<{ row: number }>) {
        deleteFts.run(row);
        deleteBody.run(row);
        deleteNote.run(row);
        deleteKeys.run(row);
      }
      deleteCases.run(articleId);
      deleteArticle.run(articleId);
    },
  };
}

/**
 * The same fields and terms buildSearchIndex gives MiniSearch, space-separated. FTS5's ascii
 * tokenizer takes every non-ASCII character as part of a token and splits on ASCII punctuation
 * and spaces (but not '.', kept for decimals), so a bigram, a number or a word is one token as
 * written. Single characters get a column of their own (the typo fallback).
 */
function documentFields(c: Case): { unit: string; title: string; text: string; captions: string; chars: string } {
  const entry = indexCase(c);
  const norms = (keep: (paragraph: number) => boolean) => entry.passages.filter((p) => keep(p.paragraph)).map((p) => p.norm).join("\n");
  const unit = normalizeAligned(entry.names.join(" "));
  const title = norms((p) => p === -2);
  const text = norms((p) => p > -2);
  const captions = normalizeAligned(c.captions.join("\n"));
  const terms = (s: string) => tokensOfNormalized(s).join(" ");
  const chars = [...hanChars([unit, title, text, captions].join("\n"))].join(" ");
  return { unit: terms(unit), title: terms(title), text: terms(text), captions: terms(captions), chars };
}

/** A term as an FTS5 query string: quoted, so digits, dots and Han characters are all literal. */
const quoted = (term: string) => `"${term.replaceAll('"', '""')}"`;

interface CaseBody {
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

export interface OpenedIndex {
  library: CaseLibrary;
  index: SearchIndex;
  close(): void;
}

/**
 * Opens a saved index for answering: the library's articles and the light part of each case
 * are read now, each case's text on first use, postings only through FTS5 queries.
 */
export function openSavedIndex(path: string): OpenedIndex {
  const steps = opening(path);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * As openSavedIndex, giving the event loop a turn every OPEN_SLICE rows: a running bot keeps
 * answering from its current build while it opens the next one.
 */
export async function openSavedIndexAsync(path: string): Promise<OpenedIndex> {
  const steps = opening(path);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Opening a saved index, pausing (yield) between slices of rows. */
function* opening(path: string): Generator<void, OpenedIndex> {
  const db = database(path, { readonly: true, fileMustExist: true });
  const bodyOf = db.prepare("SELECT body FROM bodies WHERE row = ?").pluck();
  const bodies = new Map<number, CaseBody>();
  const body = (row: number): CaseBody => {
    let b = bodies.get(row);
    if (b) {
      bodies.delete(row); // most recently used last
      bodies.set(row, b);
      return b;
    }
    b = JSON.parse(bodyOf.get(row) as string) as CaseBody;
    if (bodies.size >= BODY_CACHE) bodies.delete(bodies.keys().next().value!);
    bodies.set(row, b);
    return b;
  };

  const byArticle = new Map<string, Case[]>();
  /** Case id by row (rows are dense: an array is far lighter than a map of 100,000 entries). */
  const idOfRow: string[] = [];
  // In row order: an article's cases were written together, in their order.
  const caseRows = db
    .prepare("SELECT row, id, article_id, ord, unit, unit_key, place, level, headline, practices FROM cases ORDER BY row")
    .raw()
    .iterate() as IterableIterator<
    [number, string, string, number, string, string, string, UnitLevel, string, string]
  >;
  let n = 0;
  for (const [row, id, articleId, ord, unit, unitKey, place, level, headline, practices] of caseRows) {
    if (++n % OPEN_SLICE === 0) yield;
    const c = new StoredCase(row, id, articleId, ord, unit, unitKey, place, level, headline, practices, body);
    const list = byArticle.get(articleId);
    if (list) list.push(c);
    else byArticle.set(articleId, [c]);
    idOfRow[row] = id;
  }
  const articles: Article[] = [];
  for (const [id, json] of db.prepare("SELECT id, json FROM articles").raw().iterate() as IterableIterator<[string, string]>) {
    if (++n % OPEN_SLICE === 0) yield;
    const article = JSON.parse(json) as Article;
    article.cases = byArticle.get(id) ?? [];
    articles.push(article);
  }
  const library = createLibrary(articles, { uniqueIds: true });

  const dfOf = db.prepare("SELECT doc FROM vocab WHERE term = ?").pluck();
  const dfCache = new Map<string, number>();
  const df = (term: string): number => {
    let n = dfCache.get(term);
    if (n === undefined) {
      n = (dfOf.get(term) as number | undefined) ?? 0;
      if (dfCache.size >= DF_CACHE) dfCache.clear();
      dfCache.set(term, n);
    }
    return n;
  };
  const ranked = db.prepare("SELECT rowid, bm25(fts, 3, 2, 1, 0.3, 0) FROM fts WHERE fts MATCH ? ORDER BY 2 LIMIT ?").raw();
  const rows = db.prepare("SELECT rowid FROM fts WHERE fts MATCH ?").pluck();
  // A place's cases: FTS5 is asked for those rows only (one lookup each) instead of every match.
  const rankedAmong = db
    .prepare("SELECT rowid, bm25(fts, 3, 2, 1, 0.3, 0) FROM fts WHERE fts MATCH ? AND rowid IN (SELECT value FROM json_each(?)) ORDER BY 2 LIMIT ?")
    .raw();
  const rowOf = (id: string) => (library.byId(id) as StoredCase | undefined)?.row;
  const noteOf = db.prepare("SELECT note FROM notes WHERE row = ?").pluck();
  const rowsWithKey = db.prepare("SELECT row FROM case_keys WHERE key = ?").pluck();
  const keysFrom = db.prepare("SELECT key, max(n) FROM case_keys WHERE key >= ? AND key < ? GROUP BY key").raw();
  const stored: StoredNotes = {
    note(id) {
      const row = rowOf(id);
      return row === undefined ? undefined : (noteOf.get(row) as string | undefined);
    },
    withKey: (key) => (rowsWithKey.all(key) as number[]).flatMap((row) => idOfRow[row] ?? []),
    // Keys from `prefix` up to the next string that does not start with it.
    keys: (prefix) => keysFrom.all(prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)) as Array<[string, number]>,
  };
  const entries = new Map<string, IndexedCase>();
  const index = searchIndexOf(library.allCases.length, df, {
    search(terms, opts) {
      const query = terms.map((t) => quoted(t.term)).join(" OR ");
      if (!query) return [];
      const match = `${opts.headings ? "{unit title}" : "{unit title text captions}"} : (${query})`;
      const out: Array<[string, number]> = [];
      const limit = Number.isFinite(opts.limit) ? opts.limit : -1;
      const among = opts.among && opts.among.size <= AMONG_ROWS ? JSON.stringify([...opts.among].map(rowOf)) : undefined;
      for (const [row, score] of (among ? rankedAmong.all(match, among, limit) : ranked.all(match, limit)) as Array<[number, number]>) {
        const id = idOfRow[row];
        if (id !== undefined && (!opts.admits || opts.admits(id))) out.push([id, -score]);
      }
      return out;
    },
    casesWithChar(ch) {
      const ids: string[] = [];
      for (const row of rows.all(`chars : ${quoted(ch)}`) as number[]) {
        const id = idOfRow[row];
        if (id !== undefined) ids.push(id);
      }
      return ids;
    },
    caseOf: (id) => library.byId(id),
    stored: () => stored,
    entry(id) {
      let e = entries.get(id);
      if (e) return e;
      const c = library.byId(id);
      if (!c) return undefined;
      e = indexCase(c);
      if (entries.size >= BODY_CACHE) entries.delete(entries.keys().next().value!);
      entries.set(id, e);
      return e;
    },
    mentioning(phrase) {
      const terms = tokensOfNormalized(normalizeAligned(phrase));
      // One character has no bigram: every case may say it.
      if (terms.length === 0) return undefined;
      const ids: string[] = [];
      for (const row of rows.all(`text : ${quoted(terms.join(" "))}`) as number[]) {
        const id = idOfRow[row];
        if (id !== undefined) ids.push(id);
      }
      return ids;
    },
    mentions(phrase) {
      const terms = tokensOfNormalized(normalizeAligned(phrase));
      if (terms.length === 0) return false;
      // A phrase of consecutive bigrams: the name as one run of text.
      return rows.all(`text : ${quoted(terms.join(" "))}`).length > 0;
    },
  });
  return { library, index, close: () => db.close() };
}

/**
 * A case of a saved index: unit, place, headline and practices in memory, its text read from
 * the file when first used (and kept while it is among the recently used). Serialises whole.
 */
class StoredCase implements Case {
  constructor(
    readonly row: number,
    readonly id: string,
    readonly articleId: string,
    readonly order: number,
    readonly unit: string,
    readonly unitKey: string,
    readonly place: string,
    readonly level: UnitLevel,
    readonly headline: string,
    private practicesJson: string,
    private readonly body: (row: number) => CaseBody,
  ) {}
  #practices: string[] | undefined;
  get practices(): string[] {
    return (this.#practices ??= JSON.parse(this.practicesJson) as string[]);
  }
  get lead(): string {
    return this.body(this.row).lead;
  }
  get paragraphs(): Paragraph[] {
    return this.body(this.row).paragraphs;
  }
  get figures(): Figure[] {
    return this.body(this.row).figures;
  }
  get captions(): string[] {
    return this.body(this.row).captions;
  }
  get sections(): CaseSection[] {
    return this.body(this.row).sections;
  }
  toJSON(): Case {
    const { lead, paragraphs, figures, captions, sections } = this.body(this.row);
    return {
      id: this.id,
      articleId: this.articleId,
      order: this.order,
      unit: this.unit,
      unitKey: this.unitKey,
      place: this.place,
      level: this.level,
      headline: this.headline,
      lead,
      paragraphs,
      practices: this.practices,
      figures,
      captions,
      sections,
    };
  }
}
