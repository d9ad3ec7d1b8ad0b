import type { Statement } from "better-sqlite3";
import { createLibrary } from "../corpus/library.ts";
import type { Article, Case, CaseLibrary, CaseSection, Figure, Paragraph, UnitLevel } from "../corpus/types.ts";
import { indexCase, searchIndexOf, type IndexedCase, type SearchIndex, type StoredNotes } from "./index.ts";
import { normalizeAligned } from "./normalize.ts";
import { database, type CaseBody, type Database } from "./saved-index.ts";
import { tokensOfNormalized } from "./tokenize.ts";

// Opening a saved index for answering: the library read light, each case's text on first use,
// postings only through FTS5 queries.

/** Case texts kept parsed in memory (the rest are read again from the file when needed). */
const BODY_CACHE = 4096;
/** Up to this many cases in a scope, FTS5 looks up each one's row; a larger scope filters every match. */
const AMONG_ROWS = 2000;
/** Rows read between two turns of the event loop while a running bot opens a new build. */
const OPEN_SLICE = 2000;
/** Term frequencies kept in memory: a question looks up a few dozen. */
const DF_CACHE = 50_000;

/** A term as an FTS5 query string: quoted, so digits, dots and Han characters are all literal. */
const quoted = (term: string) => `"${term.replaceAll('"', '""')}"`;

export interface OpenedIndex {
  library: CaseLibrary;
  index: SearchIndex;
  close(): void;
  /**
   * The file opened again after a sync that changed `change`'s articles (syncSavedIndex's
   * result, not rebuilt): the other articles' cases are taken over from this build instead of
   * read again, slicing like openSavedIndexAsync. `signature` is what that sync recorded: a file
   * changed since by anyone else is opened whole.
   */
  reopen(change: SavedChange, signature: string): Promise<OpenedIndex>;
}

/** The articles a sync wrote, deleted or renamed cases of (article ids), and the state it started from. */
export interface SavedChange {
  added: readonly string[];
  removed: readonly string[];
  renamed: readonly string[];
  /** The signature the file recorded before that sync. */
  previous: string;
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

/** Steps through an opening, giving the event loop a turn at each pause. */
async function sliced(steps: Generator<void, OpenedIndex>): Promise<OpenedIndex> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * As openSavedIndex, giving the event loop a turn every OPEN_SLICE rows: a running bot keeps
 * answering from its current build while it opens the next one.
 */
export async function openSavedIndexAsync(path: string): Promise<OpenedIndex> {
  return sliced(opening(path));
}

type CaseRow = [number, string, string, number, string, string, string, UnitLevel, string, string];
const CASE_COLUMNS = "row, id, article_id, ord, unit, unit_key, place, level, headline, practices";

/**
 * Case texts read from the file, the recently used kept parsed. Shared by the builds of one
 * running library (a reopened build takes over the earlier one's cases), reading through the
 * newest build's connection: every connection sees the same committed rows.
 */
class Bodies {
  readonly #cache = new Map<number, CaseBody>();
  /** One statement per build's connection, newest last. */
  #reads: Statement[];
  constructor(bodyOf: Statement) {
    this.#reads = [bodyOf];
  }
  use(bodyOf: Statement, forget: Iterable<number>): void {
    // Connections closed since (retired builds) are dropped.
    this.#reads = [...this.#reads.filter((r) => r.database.open), bodyOf];
    // A deleted row's number may be given to a new case.
    for (const row of forget) this.#cache.delete(row);
  }
  get(row: number): CaseBody {
    let b = this.#cache.get(row);
    if (b) {
      this.#cache.delete(row); // most recently used last
      this.#cache.set(row, b);
      return b;
    }
    // The newest connection still open: a build opened and then refused (closed) leaves the one before.
    const read = this.#reads.findLast((r) => r.database.open) ?? this.#reads.at(-1)!;
    b = JSON.parse(read.get(row) as string) as CaseBody;
    if (this.#cache.size >= BODY_CACHE) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(row, b);
    return b;
  }
}

/** What a build hands to the next one opened after a sync (reopen). */
interface Build {
  articles: readonly Article[];
  caseOfRow: readonly (StoredCase | undefined)[];
  bodies: Bodies;
  entries: ReadonlyMap<string, IndexedCase>;
  caseOf(id: string): Case | undefined;
  /** The signature the file recorded when this build read it. */
  recorded: string;
}

/**
 * Opening a saved index, pausing (yield) between slices of rows. With `from`, a build of the same
 * file and what the sync since changed: only the changed articles are read.
 */
function* opening(path: string, from?: { build: Build; change: SavedChange; signature: string }): Generator<void, OpenedIndex> {
  const db = database(path, { readonly: true, fileMustExist: true });
  try {
    return yield* openingWith(db, path, from);
  } catch (err) {
    db.close();
    throw err;
  }
}

function* openingWith(db: Database, path: string, from?: { build: Build; change: SavedChange; signature: string }): Generator<void, OpenedIndex> {
  const bodyOf = db.prepare("SELECT body FROM bodies WHERE row = ?").pluck();
  const recorded = (db.prepare("SELECT value FROM meta WHERE key = 'sources'").pluck().get() as string | undefined) ?? "";
  // The sync's change describes the file only if it started from the state the earlier build
  // read and nobody has written to the file since.
  const reuse = from && recorded === from.signature && from.change.previous === from.build.recorded ? from : undefined;
  const bodies = reuse ? reuse.build.bodies : new Bodies(bodyOf);
  const body = (row: number) => bodies.get(row);

  const caseOf = ([row, id, articleId, ord, unit, unitKey, place, level, headline, practices]: CaseRow) =>
    new StoredCase(row, id, articleId, ord, unit, unitKey, place, level, headline, practices, body);
  /** Case by row (rows are dense: an array is far lighter than a map of 100,000 entries). */
  let caseOfRow: Array<StoredCase | undefined>;
  const articles: Article[] = [];
  /** Rows of the earlier build that this one no longer has. */
  const gone: number[] = [];
  let n = 0;
  if (reuse) {
    const { change, build } = reuse;
    const changed = new Set([...change.added, ...change.removed, ...change.renamed]);
    caseOfRow = [...build.caseOfRow];
    for (const a of build.articles) {
      if (++n % OPEN_SLICE === 0) yield;
      if (!changed.has(a.id)) {
        articles.push(a);
        continue;
      }
      for (const c of a.cases as StoredCase[]) {
        caseOfRow[c.row] = undefined;
        gone.push(c.row);
      }
    }
    const casesOf = db.prepare(`SELECT ${CASE_COLUMNS} FROM cases WHERE article_id = ? ORDER BY row`).raw();
    const articleJson = db.prepare("SELECT json FROM articles WHERE id = ?").pluck();
    for (const id of new Set([...change.added, ...change.renamed])) {
      if (++n % OPEN_SLICE === 0) yield;
      const json = articleJson.get(id) as string | undefined;
      if (json === undefined) continue; // removed again by the same sync
      const article = JSON.parse(json) as Article;
      article.cases = (casesOf.all(id) as CaseRow[]).map((r) => {
        const c = caseOf(r);
        caseOfRow[c.row] = c;
        return c;
      });
      articles.push(article);
    }
  } else {
    caseOfRow = [];
    const byArticle = new Map<string, Case[]>();
    // In row order: an article's cases were written together, in their order.
    const caseRows = db.prepare(`SELECT ${CASE_COLUMNS} FROM cases ORDER BY row`).raw().iterate() as IterableIterator<CaseRow>;
    for (const r of caseRows) {
      if (++n % OPEN_SLICE === 0) yield;
      const c = caseOf(r);
      const list = byArticle.get(c.articleId);
      if (list) list.push(c);
      else byArticle.set(c.articleId, [c]);
      caseOfRow[c.row] = c;
    }
    for (const [id, json] of db.prepare("SELECT id, json FROM articles").raw().iterate() as IterableIterator<[string, string]>) {
      if (++n % OPEN_SLICE === 0) yield;
      const article = JSON.parse(json) as Article;
      article.cases = byArticle.get(id) ?? [];
      articles.push(article);
    }
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
  const casesOfRows = (found: readonly number[]): Case[] => {
    const out: Case[] = [];
    for (const row of found) {
      const c = caseOfRow[row];
      if (c) out.push(c);
    }
    return out;
  };
  const rowOf = (id: string) => (library.byId(id) as StoredCase | undefined)?.row;
  const noteOf = db.prepare("SELECT note FROM notes WHERE row = ?").pluck();
  const rowsWithKey = db.prepare("SELECT row FROM case_keys WHERE key = ?").pluck();
  const largestWith = db.prepare("SELECT key, max(n) FROM case_keys WHERE key IN (SELECT value FROM json_each(?)) GROUP BY key").raw();
  const longestFrom = db.prepare("SELECT max(length(key)) FROM case_keys WHERE key >= ? AND key < ?").pluck();
  const beyondBmp = db.prepare("SELECT 1 FROM case_keys WHERE key >= ? AND key < ? AND key GLOB '*[\u{10000}-\u{10FFFF}]*' LIMIT 1").pluck();
  const stored: StoredNotes = {
    note(id) {
      const row = rowOf(id);
      return row === undefined ? undefined : (noteOf.get(row) as string | undefined);
    },
    withKey: (key) => casesOfRows(rowsWithKey.all(key) as number[]),
    largest: (keys) => new Map(largestWith.all(JSON.stringify(keys)) as Array<[string, number]>),
    longest(prefix) {
      // Keys from `prefix` up to the next string that does not start with it. SQLite counts
      // characters, a string's length UTF-16 units: two for a character beyond the BMP.
      const range = [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)];
      const chars = (longestFrom.get(...range) as number | null) ?? 0;
      return beyondBmp.get(...range) ? 2 * chars : chars;
    },
  };
  // Entries of the cases taken over stay valid (a case's entry depends on that case alone).
  const entries = new Map<string, IndexedCase>();
  if (reuse) for (const [id, e] of reuse.build.entries) if (library.byId(id) === reuse.build.caseOf(id)) entries.set(id, e);
  const index = searchIndexOf(library.allCases.length, df, {
    search(terms, opts) {
      const query = terms.map((t) => quoted(t.term)).join(" OR ");
      if (!query) return [];
      const match = `${opts.headings ? "{unit title}" : "{unit title text captions}"} : (${query})`;
      const out: Array<[string, number]> = [];
      const limit = Number.isFinite(opts.limit) ? opts.limit : -1;
      const among = opts.among && opts.among.size <= AMONG_ROWS ? JSON.stringify([...opts.among].map(rowOf)) : undefined;
      for (const [row, score] of (among ? rankedAmong.all(match, among, limit) : ranked.all(match, limit)) as Array<[number, number]>) {
        const id = caseOfRow[row]?.id;
        if (id !== undefined && (!opts.admits || opts.admits(id))) out.push([id, -score]);
      }
      return out;
    },
    casesWithChar(ch) {
      const ids: string[] = [];
      for (const row of rows.all(`chars : ${quoted(ch)}`) as number[]) {
        const id = caseOfRow[row]?.id;
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
      return casesOfRows(rows.all(`text : ${quoted(terms.join(" "))}`) as number[]);
    },
    mentions(phrase) {
      const terms = tokensOfNormalized(normalizeAligned(phrase));
      if (terms.length === 0) return false;
      // A phrase of consecutive bigrams: the name as one run of text.
      return rows.all(`text : ${quoted(terms.join(" "))}`).length > 0;
    },
  });
  // From here on every build of this library reads case texts through this connection.
  if (reuse) bodies.use(bodyOf, gone);
  const build: Build = { articles, caseOfRow, bodies, entries, caseOf: (id) => library.byId(id), recorded };
  return {
    library,
    index,
    close: () => db.close(),
    reopen: (change, signature) => sliced(opening(path, { build, change, signature })),
  };
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
