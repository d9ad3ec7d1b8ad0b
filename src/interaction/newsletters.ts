import type { LiveLibrary } from "../answer/live.ts";
import type { AddReport, Collection, CorrectReport, DocumentEntry, LibraryDocument, NewDocument, RemoveReport } from "../corpus/collection-types.ts";
import type { Edit, EditAuthor } from "../corpus/corrections/edit.ts";
import type { FetchDocumentOptions, FetchedDocument } from "../corpus/fetch-document.ts";

/**
 * What editors do to the library from a chat: add a document, take one out, list them, see and
 * correct what the bot understood of one. Each
 * change goes through the collection (which reads the document completely before writing
 * anything) and then waits for the live library to swap in the new build, so the editor's
 * report and the next question from anyone agree with each other.
 */
export interface Newsletters {
  add(doc: NewDocument): Promise<AddReport>;
  remove(idOrFile: string): Promise<RemoveReport>;
  list(): Promise<DocumentEntry[]>;
  /** One document as the library has it (by article id or file name). */
  document(idOrFile: string): Promise<LibraryDocument>;
  /** Stores a correction of what the bot understood of a document (corrections/), then swaps the library. */
  correct(idOrFile: string, edit: Exclude<Edit, { kind: "list" }>, author: EditAuthor): Promise<CorrectReport>;
  /** Downloads a link an editor sent, with the download limits and this deployment's address policy. */
  fetch(url: string): Promise<FetchedDocument>;
}

export function createNewsletters(collection: Collection, live: Pick<LiveLibrary, "refresh">, opts: { fetch?: FetchDocumentOptions } = {}): Newsletters {
  return {
    async add(doc) {
      const report = await collection.addDocument(doc);
      await live.refresh();
      return report;
    },
    async remove(idOrFile) {
      const report = await collection.removeDocument(idOrFile);
      await live.refresh();
      return report;
    },
    list: () => collection.listDocuments(),
    document: (idOrFile) => collection.document(idOrFile),
    async correct(idOrFile, edit, author) {
      const report = await collection.correct(idOrFile, edit, author);
      await live.refresh();
      return report;
    },
    async fetch(url) {
      const { fetchDocument } = await import("../corpus/fetch-document.ts");
      return fetchDocument(url, opts.fetch);
    },
  };
}
