import { createLibrary } from "../corpus/library.ts";
import type { Article, Case, CaseLibrary, CaseSection, Figure, Paragraph, UnitLevel } from "../corpus/types.ts";
import { indexCase, searchIndexOf, type IndexedCase, type SearchIndex, type StoredNotes } from "./index.ts";
import { normalizeAligned } from "./normalize.ts";
import { database, type CaseBody } from "./saved-index.ts";
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
