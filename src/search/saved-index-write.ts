import { existsSync, rmSync, statSync } from "node:fs";
import { caseIdSuffixed } from "../corpus/library.ts";
import type { Article, Case } from "../corpus/types.ts";
import { indexCase } from "./index.ts";
import { normalizeAligned } from "./normalize.ts";
import { database, isDamaged, type CaseBody, type Database } from "./saved-index.ts";
import { hanChars, tokensOfNormalized } from "./tokenize.ts";

// Bringing the saved index in line with the library's sources: the schema, and each article's
// rows written (or deleted) one batch per transaction.

/** Articles per transaction while saving. */
const BATCH = 200;

/** One source of the library as the index records it: which parse of which file its rows are. */
export interface SavedSource {
  file: string;
  /** The corpus cache's article key (parser, path, bytes, mtime): a changed file has another. */
  key: string;
  /** Reads the article (from the corpus cache) when it has to be written. */
  article(): Article | undefined;
}

export interface SyncResult {
  /** Article ids written, and deleted. */
  added: string[];
  removed: string[];
  /** Articles kept whose case ids changed (another article's case took an id first). */
  renamed: string[];
  /** The signature the file recorded before this sync: the state the change was made to. */
  previous: string;
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
    const previous = (db.prepare("SELECT value FROM meta WHERE key = 'sources'").pluck().get() as string | undefined) ?? "";
    const stored = db.prepare("SELECT file, key, article_id AS id FROM sources").all() as Array<{ file: string; key: string; id: string }>;
    const have = new Map(stored.map((r) => [r.file, r]));
    const want = new Map(sources.map((s) => [s.file, s]));
    const removed = [...have.values()].filter((h) => want.get(h.file)?.key !== h.key);
    const added = sources.filter((s) => have.get(s.file)?.key !== s.key);
    const renamed = new Set<string>();
    const w = writer(db, annotate, (articleId) => renamed.add(articleId));
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
    return { added: addedIds, removed: removedIds, renamed: [...renamed], previous, rebuilt };
  } finally {
    db.close();
  }
}

/**
 * What the answer layer stores beside each case of an article (its region, worked out from the
 * article alone), one string per case in the article's order (undefined: nothing).
 */
export type Annotate = (article: Article) => ReadonlyArray<{ note: string; keys: ReadonlyArray<readonly [string, number]> } | undefined>;

function writer(db: Database, annotate?: Annotate, renamed?: (articleId: string) => void) {
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
        if (taken && c.articleId < taken.article_id) {
          renameCase.run(caseIdSuffixed({ id, articleId: taken.article_id }), taken.row);
          renamed?.(taken.article_id);
        } else if (taken) id = caseIdSuffixed(c);
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
