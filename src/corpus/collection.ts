/**
 * The newsletter collection: the originals under the articles directory, their cache under
 * DATA_DIR/cache, and the three things editors do to it — add a document, take one out, list
 * them. `cli ingest` / `cli remove` use it now; chat uploads and the live library use the same
 * calls. Nothing here knows where the bytes came from (a file, a URL, a chat message).
 *
 * Adding reads the document completely (extraction and parsing) before anything is written,
 * so a file the library cannot read changes nothing. The same text under any name is
 * recognised and not stored twice; a changed file under a name already present replaces the
 * old version. Replaced and removed originals are moved to DATA_DIR/removed/, never deleted,
 * so an undo can put them back. Operations of one collection run one at a time.
 */
import type { Stats } from "node:fs";
import { copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { CasebotError, UserInputError } from "../errors.ts";
import {
  articleKeyOf,
  CACHE_VERSION,
  cacheDirOf,
  parserVersion,
  pruneArticles,
  pruneBlocks,
  removedDirOf,
  sha256,
  summaryOf,
  writeArticle,
  writeBlocks,
  writeFileAtomic,
  writeManifest,
  type SourceFingerprint,
} from "./cache.ts";
import type { Edit, EditAuthor } from "./corrections/edit.ts";
import { SIDECAR_SUFFIX, sidecarOf } from "./corrections/types.ts";
import { tooLarge, UnreadableDocumentError } from "./extract/errors.ts";
import { extensionOf } from "./extract/extensions.ts";
import { extensionForContent } from "./extract/sniff.ts";
import { capFileName, safeFileName } from "./file-names.ts";
import type { ExtractFn } from "./extract/index.ts";
import { listQuarantined } from "./quarantine.ts";
import type { ReadFn } from "./reading.ts";
import { fromRecord, libraryOf, recordedSources, scanLibrary } from "./scan-articles.ts";
import type { LibraryScan, ScannedSource, StoreLogger } from "./scan-types.ts";
import { failureOf, isCostly, readDocument, readSidecar } from "./read-document.ts";
import type { AddReport, Collection, CorrectReport, DocumentEntry, DocumentStatus, LibraryDocument, NewDocument, RemoveReport } from "./collection-types.ts";
import { remember, type View } from "./collection-view.ts";
import { COLLECTION_TEXT as T } from "../messages/reports.ts";

export { safeFileName } from "./file-names.ts";

/** Telegram's download limit, and a sane bound on what pdf.js or mammoth is asked to read. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;


export interface CollectionOptions {
  articlesDir: string;
  dataDir: string;
  now?: () => Date;
  /** Extract in this thread with this function (tests count calls); else the isolated reader. */
  extract?: ExtractFn;
  /** The isolated reader (tests pass one with small limits); the process's shared one by default. */
  read?: ReadFn;
  logger?: StoreLogger;
}


export function createCollection(opts: CollectionOptions): Collection {
  const { articlesDir, dataDir } = opts;
  const cacheDir = cacheDirOf(dataDir);
  const now = opts.now ?? (() => new Date());
  const removedDir = removedDirOf(cacheDir);
  let queue: Promise<unknown> = Promise.resolve();
  /** One operation at a time: two uploads of one name must not interleave their writes. */
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const scan = async (write = true) => {
    const result = await scanLibrary(articlesDir, { cacheDir, write, extract: opts.extract, read: opts.read, logger: opts.logger, now });
    // The single-file snapshot of earlier versions is superseded by the cache directory.
    if (result.wrote) await rm(join(dataDir, "cases.json"), { force: true });
    return result;
  };

  /** Moves a source out of the articles directory into DATA_DIR/removed/<time>_<name>. */
  const keepAside = async (file: string, move: boolean): Promise<string> => {
    await mkdir(removedDir, { recursive: true });
    const stamp = now().toISOString().replace(/[:.]/g, "-");
    // Never over an earlier copy: a replace and a remove in the same millisecond keep both.
    let target = join(removedDir, capFileName(`${stamp}_${basename(file)}`));
    for (let n = 2; await exists(target); n++) target = join(removedDir, capFileName(`${stamp}-${n}_${basename(file)}`));
    await transfer(join(articlesDir, file), target, move);
    // The editors' corrections go with their document (a replaced version keeps them too: they
    // name passages by their text, so those the new version still has still apply).
    const sidecar = join(articlesDir, sidecarOf(file));
    if (await exists(sidecar)) await transfer(sidecar, target + SIDECAR_SUFFIX, move);
    return target;
  };

  /** What an add checks a document against: the library as scanned, updated by a batch as it goes. */
  const viewOf = async (current: Pick<LibraryScan, "sources">): Promise<View> => {
    const { articleIdOf } = await import("./parse.ts");
    const view: View = {
      byFile: new Map(),
      byName: new Map(),
      byId: new Map(),
      bySha: new Map(),
      byText: new Map(),
      idOf: (s) => s.summary?.id ?? articleIdOf(s.file),
      articleIdOf,
    };
    for (const s of current.sources) remember(view, s);
    return view;
  };

  async function addOne(view: View, input: NewDocument, dryRun: boolean, batch: boolean): Promise<AddReport> {
    let name = safeFileName(input.fileName);
    if (input.bytes.length > MAX_DOCUMENT_BYTES) throw tooLarge(name || input.fileName, `${input.bytes.length} bytes`);
    const hash = sha256(input.bytes);
    // A document sent without a name is named by its content: two of them never replace each other.
    if (!name) name = `document-${hash.slice(0, 8)}`;
    if (!extensionOf(name)) name = `${name}.${extensionForContent(input.bytes) ?? "bin"}`;
    // A file of the same name (anywhere under the articles directory) is the one a new version replaces.
    const existing = view.byName.get(name) ?? [];
    const target = existing[0]?.file ?? name;
    const id = view.articleIdOf(target);
    const clash = view.byId.get(id)?.find((s) => s.file !== target);
    if (clash) {
      throw new UserInputError(T.idClash(name, clash.file, id));
    }
    // Whole seconds: file systems store times in their own precision.
    const modifiedAt = new Date(Math.floor((input.modifiedAt ?? now()).getTime() / 1000) * 1000);
    // A new version under the same name keeps the corrections made to the old one (by passage
    // text); corrections that came with the document are taken only where there are none.
    const own = await exists(join(articlesDir, sidecarOf(target)));
    const carried = input.corrections && (await import("./corrections/sidecar.ts")).parseCorrections(input.corrections, basename(sidecarOf(input.fileName)));
    const corrections = own ? await readSidecar(articlesDir, target, opts.logger) : carried && !carried.problem ? carried : undefined;
    const carriedReport = carried && { taken: !own && !carried.problem, ...((own || carried.problem) && { why: own ? T.carriedNotTaken : carried.problem }) };
    const read = await readDocument(
      input.bytes,
      hash,
      { file: target, mtimeMs: modifiedAt.getTime() },
      { cacheDir, extract: opts.extract, read: opts.read, contentType: input.contentType, corrections },
    ).catch((err: unknown) => {
      if (err instanceof CasebotError) throw err;
      // A bug in an extractor or the parser: the sender still gets a clear answer.
      const failure = failureOf(target, err);
      throw new UnreadableDocumentError(failure.message, failure.userMessage, { cause: err });
    });
    const old = view.byFile.get(target);
    // Read now: storing the new version prunes the old version's article file.
    const oldArticle = old?.article;
    const twin = view.bySha.get(hash) ?? view.byText.get(read.textHash);
    if (twin) {
      // The same text under another name (a GBK copy of a page, a PDF of a Word file): nothing
      // is stored. A copy kept in the articles directory would add no case, only a warning at
      // every start that it duplicates the original.
      return { status: "duplicate", file: target, article: read.article, duplicateOf: twin.file, dryRun };
    }
    const status = old ? "replaced" : "added";
    if (dryRun)
      return {
        status,
        file: target,
        article: read.article,
        dryRun,
        ...(old && { replaced: { file: old.file, article: oldArticle } }),
        ...(carriedReport && { carried: carriedReport }),
      };
    const keptAt = old ? await keepAside(old.file, false) : undefined;
    if (isCostly(input.bytes)) await writeBlocks(cacheDir, hash, read.doc);
    if (carriedReport?.taken) await (await import("./corrections/sidecar.ts")).writeCorrections(articlesDir, target, carried!.corrections);
    await writeFileAtomic(join(articlesDir, target), input.bytes, modifiedAt);
    // The parse is kept under the key the next scan looks for, so nothing is parsed twice.
    const fp = await fingerprintOf(target);
    const articleKey = articleKeyOf(fp, hash);
    await writeArticle(cacheDir, articleKey, { textHash: read.textHash, article: read.article });
    // Without its article: a batch of thousands holds summaries only (the article is in its file).
    const record = fromRecord({ ...fp, sha256: hash, textHash: read.textHash, summary: summaryOf(read.article), articleKey }, "extracted", cacheDir);
    if (batch) remember(view, record);
    else await recordAdded(view, record);
    const report: AddReport = { status, file: target, article: read.article, dryRun };
    if (old) report.replaced = { file: old.file, article: oldArticle, keptAt };
    if (carriedReport) report.carried = carriedReport;
    return report;
  }

  /** A stored source's fingerprint, as listSources takes it (its corrections file included). */
  const fingerprintOf = async (file: string): Promise<SourceFingerprint> => {
    const stampOf = (info: Stats) => ({ size: info.size, mtimeMs: Math.trunc(info.mtimeMs), ctimeMs: info.ctimeMs });
    const info = await stat(join(articlesDir, file));
    const side = await stat(join(articlesDir, sidecarOf(file))).catch(() => undefined);
    return { file, ...stampOf(info), ...(side?.isFile() && { corrections: stampOf(side) }) };
  };

  /**
   * One stored document in the manifest, as the scan after it would record it: the manifest is
   * written from the view (no pass over the library), and the replaced version's cache files go.
   */
  const recordAdded = async (view: View, added: ScannedSource): Promise<void> => {
    const replaced = view.byFile.has(added.file);
    remember(view, added);
    const records = [...view.byFile.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
    await writeManifest(cacheDir, { version: CACHE_VERSION, parser: parserVersion(), createdAt: now().toISOString(), sources: records });
    if (replaced) {
      await pruneBlocks(cacheDir, new Set(records.map((r) => r.sha256)));
      await pruneArticles(cacheDir, new Set(records.flatMap((r) => (r.articleKey ? [r.articleKey] : []))));
    }
    await rm(join(dataDir, "cases.json"), { force: true });
  };

  async function addDocument(input: NewDocument, addOpts: { dryRun?: boolean } = {}): Promise<AddReport> {
    const dryRun = addOpts.dryRun ?? false;
    // The manifest, when it describes the directory as it is, is what a scan would find: a
    // document is checked against it without a pass over the whole library.
    const sources = (await recordedSources(articlesDir, cacheDir)) ?? (await scan(!dryRun)).sources;
    return addOne(await viewOf({ sources }), input, dryRun, false);
  }

  /**
   * Many documents in one pass: the library is scanned once, each document is checked against
   * what is known so far (the scan plus the documents added before it), stored with its parse,
   * and the manifest is written once at the end, so adding N documents costs O(N).
   */
  async function addDocuments(
    inputs: AsyncIterable<NewDocument | Error> | Iterable<NewDocument | Error>,
    each: (result: AddReport | Error, input: NewDocument | Error) => void,
    addOpts: { dryRun?: boolean } = {},
  ): Promise<LibraryScan> {
    const dryRun = addOpts.dryRun ?? false;
    const view = await viewOf(await scan(!dryRun));
    let added = 0;
    for await (const input of inputs) {
      if (input instanceof Error) {
        each(input, input);
        continue;
      }
      try {
        const report = await addOne(view, input, dryRun, true);
        if (!dryRun && report.status !== "duplicate") added++;
        each(report, input);
      } catch (err) {
        each(err as Error, input);
      }
    }
    if (!dryRun && added > 0) {
      const records = [...view.byFile.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
      await writeManifest(cacheDir, { version: CACHE_VERSION, parser: parserVersion(), createdAt: now().toISOString(), sources: records });
    }
    return scan(!dryRun);
  }

  /** The source an editor names by article id, file path or file name. */
  async function findSource(idOrFile: string, missing: string): Promise<ScannedSource> {
    // NFKC: chat shows markdown's own characters full-width (第2期简报＿docx), and that is what an editor copies back.
    const fold = (s: string) => s.normalize("NFKC").toLowerCase();
    const q = fold(idOrFile.trim());
    if (!q) throw new UserInputError(missing);
    const { articleIdOf } = await import("./parse.ts");
    const { sources } = await scan();
    const idOf = (s: ScannedSource) => s.summary?.id ?? articleIdOf(s.file);
    const byFile = sources.filter((s) => fold(s.file) === q || fold(basename(s.file)) === q);
    const found = byFile.length ? byFile : sources.filter((s) => fold(idOf(s)) === q);
    if (found.length === 0)
      throw new UserInputError(
        T.notFound(idOrFile.trim(), sources[0] ? { id: idOf(sources[0]), file: sources[0].file } : undefined),
      );
    if (found.length > 1) throw new UserInputError(T.ambiguous(idOrFile.trim(), found.map((s) => s.file)));
    return found[0]!;
  }

  /** A source that is part of the library (read, neither a duplicate nor an id conflict). */
  async function findDocument(idOrFile: string): Promise<LibraryDocument> {
    const source = await findSource(idOrFile, T.askDocument);
    const why = !source.article
      ? (source.error?.userMessage ?? T.unreadable)
      : source.duplicateOf
        ? T.sameAs(source.duplicateOf)
        : source.conflictsWith
          ? T.sameIdAs(source.conflictsWith)
          : undefined;
    if (why || !source.article) throw new UserInputError(T.notInLibrary(source.file, why));
    return { file: source.file, article: source.article };
  }

  async function correct(idOrFile: string, edit: Exclude<Edit, { kind: "list" }>, author: EditAuthor): Promise<CorrectReport> {
    const { file, article } = await findDocument(idOrFile);
    const { resolveEdit } = await import("./corrections/edit.ts");
    const { writeCorrections } = await import("./corrections/sidecar.ts");
    const stored = await readSidecar(articlesDir, file, opts.logger);
    // Never write over a file an editor may still want to repair by hand.
    if (stored.problem) throw new UserInputError(stored.problem);
    const { corrections, said } = resolveEdit(article, stored.corrections, edit, author);
    await writeCorrections(articlesDir, file, corrections);
    const after = await scan();
    return { file, article: after.sources.find((s) => s.file === file)?.article ?? article, said };
  }

  async function removeDocument(idOrFile: string): Promise<RemoveReport> {
    const source = await findSource(idOrFile, T.askRemove);
    const article = source.article; // before the scan below prunes its file
    const keptAt = await keepAside(source.file, true);
    await scan();
    return { file: source.file, article, keptAt };
  }

  async function listDocuments(): Promise<DocumentEntry[]> {
    const { articleIdOf } = await import("./parse.ts");
    const { sources } = await scan();
    const held = (await listQuarantined(cacheDir)).map((n): DocumentEntry => ({
      file: n.file,
      id: articleIdOf(n.file),
      status: "quarantined",
      units: 0,
      reason: n.reason,
      size: 0,
      modifiedAt: n.at,
    }));
    return [
      ...sources.map((s) => {
        const status: DocumentStatus = !s.summary ? "failed" : s.duplicateOf ? "duplicate" : s.conflictsWith ? "conflict" : "ok";
        const reason =
          status === "failed"
            ? s.error?.userMessage
            : status === "duplicate"
              ? T.sameAs(s.duplicateOf)
              : status === "conflict"
                ? T.sameIdAs(s.conflictsWith)
                : undefined;
        return {
          file: s.file,
          id: s.summary?.id ?? articleIdOf(s.file),
          status,
          title: s.summary?.title,
          publishedAt: s.summary?.publishedAt,
          units: s.summary?.units ?? 0,
          ...(reason && { reason }),
          size: s.size,
          modifiedAt: new Date(s.mtimeMs).toISOString(),
        };
      }),
      ...held,
    ];
  }

  return {
    articlesDir,
    cacheDir,
    addDocument: (doc, o) => serial(() => addDocument(doc, o)),
    addDocuments: (docs, each, o) => serial(() => addDocuments(docs, each, o)),
    removeDocument: (q) => serial(() => removeDocument(q)),
    listDocuments: () => serial(listDocuments),
    document: (q) => serial(() => findDocument(q)),
    correct: (q, edit, author) => serial(() => correct(q, edit, author)),
    scan: (o) => serial(() => scan(o?.write ?? true)),
    open: () =>
      serial(async () => {
        const result = await scan();
        return { library: libraryOf(result.articles, articlesDir, result.skipped), scan: result };
      }),
  };
}

const exists = (path: string) => stat(path).then(() => true, () => false);

/** Copies, or moves (across file systems too: DATA_DIR need not be on ARTICLES_DIR's). */
async function transfer(from: string, to: string, move: boolean): Promise<void> {
  if (!move) return copyFile(from, to);
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
    await copyFile(from, to);
    await rm(from);
  }
}
