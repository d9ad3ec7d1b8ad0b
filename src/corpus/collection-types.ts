import type { Edit, EditAuthor } from "./corrections/edit.ts";
import type { LibraryScan } from "./scan-types.ts";
import type { Article, CaseLibrary } from "./types.ts";

// What the newsletter collection (collection.ts) offers, and the reports its operations give.

export interface NewDocument {
  /** The name it was sent or saved under; only the last path segment is used. "" when it came without one: named from its content's hash. */
  fileName: string;
  bytes: Uint8Array;
  /** HTTP Content-Type of a download (its charset counts for text and web pages). */
  contentType?: string;
  /** The stored file's modification time (a local file's mtime); default now. Never a document's date. */
  modifiedAt?: Date;
  /** Editors' corrections that came with it (a sidecar beside a file ingested from a folder: corrections/). */
  corrections?: Uint8Array;
}

export interface AddReport {
  /** added: new; replaced: a changed version of a file of the same name; duplicate: nothing stored. */
  status: "added" | "replaced" | "duplicate";
  /** Path under the articles directory it is (or would be) stored at. */
  file: string;
  /** The document as parsed (for a duplicate: the new copy, which is not stored). */
  article: Article;
  /** duplicate: the source already holding the same text (may be `file` itself); nothing was stored. */
  duplicateOf?: string;
  /** replaced: the previous version, kept aside at `keptAt` (absent in a dry run). */
  replaced?: { file: string; article?: Article; keptAt?: string };
  /**
   * What became of corrections that came with the document: stored beside it, or not taken
   * (`why`, Chinese: the library's own corrections of it win; a file that cannot be used).
   */
  carried?: { taken: boolean; why?: string };
  dryRun: boolean;
}

export interface RemoveReport {
  file: string;
  article?: Article;
  /** Where the original now is (DATA_DIR/removed/…). */
  keptAt: string;
}

/** A document of the library as it is now (with its corrections applied). */
export interface LibraryDocument {
  file: string;
  article: Article;
}

export interface CorrectReport extends LibraryDocument {
  /** What was done, one sentence each (Chinese): 已更正：把“A”改名为“B”。 */
  said: string[];
}

export type DocumentStatus = "ok" | "failed" | "duplicate" | "conflict" | "quarantined";

export interface DocumentEntry {
  file: string;
  /** The article id (from the file name). */
  id: string;
  status: DocumentStatus;
  title?: string;
  publishedAt?: string;
  /** Cases with a unit. */
  units: number;
  /** Why it is not in the library (Chinese). */
  reason?: string;
  size: number;
  modifiedAt: string;
}

export interface Collection {
  readonly articlesDir: string;
  readonly cacheDir: string;
  addDocument(doc: NewDocument, opts?: { dryRun?: boolean }): Promise<AddReport>;
  /**
   * Adds documents one after another in one pass over the library (cli ingest of a directory):
   * `each` gets every document's report, or the error that refused it (an Error in `docs` is a
   * document that could not even be read, passed through). Resolves to the scan after the last.
   */
  addDocuments(
    docs: AsyncIterable<NewDocument | Error> | Iterable<NewDocument | Error>,
    each: (result: AddReport | Error, doc: NewDocument | Error) => void,
    opts?: { dryRun?: boolean },
  ): Promise<LibraryScan>;
  /** By article id, file path under the articles directory, or file name. */
  removeDocument(idOrFile: string): Promise<RemoveReport>;
  listDocuments(): Promise<DocumentEntry[]>;
  /** One document of the library by article id, file path or file name (UserInputError when none, several, or left out). */
  document(idOrFile: string): Promise<LibraryDocument>;
  /**
   * Adds to (or undoes one of) the editors' corrections stored beside a document
   * (corrections/edit.ts), and re-reads it: the report is the document as the library has it now.
   */
  correct(idOrFile: string, edit: Exclude<Edit, { kind: "list" }>, author: EditAuthor): Promise<CorrectReport>;
  /** Reads the articles directory through the cache (and updates the cache). */
  scan(opts?: { write?: boolean }): Promise<LibraryScan>;
  /** The library as it is on disk now. */
  open(): Promise<{ library: CaseLibrary; scan: LibraryScan }>;
}
