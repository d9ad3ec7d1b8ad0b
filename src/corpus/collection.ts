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
import { copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { CasebotError, UserInputError } from "../errors.ts";
import { articleKeyOf, CACHE_VERSION, cacheDirOf, parserVersion, removedDirOf, sha256, summaryOf, writeArticle, writeBlocks, writeFileAtomic, writeManifest } from "./cache.ts";
import { unreadable, UnreadableDocumentError } from "./extract/errors.ts";
import { extensionOf } from "./extract/extensions.ts";
import { extensionForContent } from "./extract/sniff.ts";
import { safeFileName } from "./file-names.ts";
import type { ExtractFn } from "./extract/index.ts";
import { failureOf, fromRecord, isCostly, libraryOf, readDocument, scanLibrary, type LibraryScan, type ScannedSource, type StoreLogger } from "./store.ts";
import type { Article, CaseLibrary } from "./types.ts";

export { safeFileName } from "./file-names.ts";

/** Telegram's download limit, and a sane bound on what pdf.js or mammoth is asked to read. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export interface CollectionOptions {
  articlesDir: string;
  dataDir: string;
  now?: () => Date;
  /** The extractor registry by default (tests count calls). */
  extract?: ExtractFn;
  logger?: StoreLogger;
}

export interface NewDocument {
  /** The name it was sent or saved under; only the last path segment is used. */
  fileName: string;
  bytes: Uint8Array;
  /** HTTP Content-Type of a download (its charset counts for text and web pages). */
  contentType?: string;
  /** The document's own time (a file's mtime, HTTP Last-Modified); default now. Dates undated newsletters. */
  modifiedAt?: Date;
}

export interface AddReport {
  /** added: new; replaced: a changed version of a file of the same name; duplicate: nothing stored. */
  status: "added" | "replaced" | "duplicate";
  /** Path under the articles directory it is (or would be) stored at. */
  file: string;
  /** The document as parsed (for a duplicate: the new copy, which is not stored). */
  article: Article;
  /** duplicate: the source already holding the same text (may be `file` itself). */
  duplicateOf?: string;
  /** replaced: the previous version, kept aside at `keptAt` (absent in a dry run). */
  replaced?: { file: string; article?: Article; keptAt?: string };
  dryRun: boolean;
}

export interface RemoveReport {
  file: string;
  article?: Article;
  /** Where the original now is (DATA_DIR/removed/…). */
  keptAt: string;
}

export type DocumentStatus = "ok" | "failed" | "duplicate" | "conflict";

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
  /** Reads the articles directory through the cache (and updates the cache). */
  scan(opts?: { write?: boolean }): Promise<LibraryScan>;
  /** The library as it is on disk now. */
  open(): Promise<{ library: CaseLibrary; scan: LibraryScan }>;
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
    const result = await scanLibrary(articlesDir, { cacheDir, write, extract: opts.extract, logger: opts.logger, now });
    // The single-file snapshot of earlier versions is superseded by the cache directory.
    if (result.wrote) await rm(join(dataDir, "cases.json"), { force: true });
    return result;
  };

  /** Moves a source out of the articles directory into DATA_DIR/removed/<time>_<name>. */
  const keepAside = async (file: string, move: boolean): Promise<string> => {
    await mkdir(removedDir, { recursive: true });
    const stamp = now().toISOString().replace(/[:.]/g, "-");
    // Never over an earlier copy: a replace and a remove in the same millisecond keep both.
    let target = join(removedDir, `${stamp}_${basename(file)}`);
    for (let n = 2; await exists(target); n++) target = join(removedDir, `${stamp}-${n}_${basename(file)}`);
    const from = join(articlesDir, file);
    if (!move) await copyFile(from, target);
    else {
      try {
        await rename(from, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
        await copyFile(from, target); // DATA_DIR on another file system than ARTICLES_DIR
        await rm(from);
      }
    }
    return target;
  };

  /** What an add checks a document against: the library as scanned, updated by a batch as it goes. */
  const viewOf = async (current: LibraryScan): Promise<View> => {
    const { articleIdOf } = await import("./parse.ts");
    const view: View = { byFile: new Map(), byName: new Map(), byId: new Map(), bySha: new Map(), byText: new Map(), idOf: (s) => s.summary?.id ?? articleIdOf(s.file), articleIdOf };
    for (const s of current.sources) remember(view, s);
    return view;
  };

  async function addOne(view: View, input: NewDocument, dryRun: boolean, batch: boolean): Promise<AddReport> {
    let name = safeFileName(input.fileName);
    if (input.bytes.length > MAX_DOCUMENT_BYTES) throw unreadable("tooLarge", name || input.fileName, `${input.bytes.length} bytes`);
    if (!extensionOf(name)) name = `${name || "document"}.${extensionForContent(input.bytes) ?? "bin"}`;
    // A file of the same name (anywhere under the articles directory) is the one a new version replaces.
    const target = view.byName.get(name)?.[0]?.file ?? name;
    const id = view.articleIdOf(target);
    const clash = view.byId.get(id)?.find((s) => s.file !== target);
    if (clash) {
      throw new UserInputError(`“${name}”与已收录的 ${clash.file} 文章编号相同（${id}），请改个文件名再发送。`);
    }
    // Whole seconds: file systems store times in their own precision, and the date read back
    // from the stored file must be the one reported now.
    const modifiedAt = new Date(Math.floor((input.modifiedAt ?? now()).getTime() / 1000) * 1000);
    const hash = sha256(input.bytes);
    const fp = { file: target, mtimeMs: modifiedAt.getTime() };
    const read = await readDocument(input.bytes, hash, fp, { cacheDir, extract: opts.extract, contentType: input.contentType }).catch((err: unknown) => {
      if (err instanceof CasebotError) throw err;
      // A bug in an extractor or the parser: the sender still gets a clear answer.
      const failure = failureOf(target, err);
      throw new UnreadableDocumentError(failure.message, failure.userMessage, { cause: err });
    });
    const old = view.byFile.get(target);
    // Read now: storing the new version prunes the old version's article file.
    const oldArticle = old?.article;
    const twin = view.bySha.get(hash) ?? view.byText.get(read.textHash);
    const store = async () => {
      await writeFileAtomic(join(articlesDir, target), input.bytes, modifiedAt);
      // The parse is kept under the key the next scan looks for, so nothing is parsed twice.
      const articleKey = articleKeyOf(fp, hash);
      await writeArticle(cacheDir, articleKey, { textHash: read.textHash, article: read.article });
      if (!batch) return;
      const info = await stat(join(articlesDir, target));
      const record = { file: target, size: info.size, mtimeMs: Math.trunc(info.mtimeMs), ctimeMs: info.ctimeMs, sha256: hash, textHash: read.textHash, summary: summaryOf(read.article), articleKey };
      // Without its article: a batch of thousands holds summaries only (the article is in its file).
      remember(view, fromRecord({ ...record, ...(twin && { duplicateOf: twin.file }) }, "extracted", cacheDir));
    };
    if (twin) {
      // The same text under another name (a GBK copy of a page, a PDF of a Word file): the
      // original is kept as sent, but adds no case — the library records it as a duplicate.
      if (!dryRun && !old && twin.file !== target) {
        await store();
        if (!batch) await scan();
      }
      return { status: "duplicate", file: target, article: read.article, duplicateOf: twin.file, dryRun };
    }
    const status = old ? "replaced" : "added";
    if (dryRun) return { status, file: target, article: read.article, dryRun, ...(old && { replaced: { file: old.file, article: oldArticle } }) };
    const keptAt = old ? await keepAside(old.file, false) : undefined;
    if (isCostly(input.bytes)) await writeBlocks(cacheDir, hash, read.doc);
    await store();
    const stored = batch ? undefined : (await scan()).sources.find((s) => s.file === target);
    const report: AddReport = { status, file: target, article: stored?.article ?? read.article, dryRun };
    if (old) report.replaced = { file: old.file, article: oldArticle, keptAt };
    return report;
  }

  async function addDocument(input: NewDocument, addOpts: { dryRun?: boolean } = {}): Promise<AddReport> {
    const dryRun = addOpts.dryRun ?? false;
    return addOne(await viewOf(await scan(!dryRun)), input, dryRun, false);
  }

  /**
   * Many documents in one pass: the library is scanned once, each document is checked against
   * what is known so far (the scan plus the documents added before it), stored with its parse,
   * and the manifest is written once at the end, so adding N documents costs O(N).
   */
  async function addDocuments(inputs: AsyncIterable<NewDocument | Error> | Iterable<NewDocument | Error>, each: (result: AddReport | Error, input: NewDocument | Error) => void, addOpts: { dryRun?: boolean } = {}): Promise<LibraryScan> {
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

  async function removeDocument(idOrFile: string): Promise<RemoveReport> {
    const q = idOrFile.trim();
    if (!q) throw new UserInputError("请给出要删除的文章：文章编号或文件名。");
    const { articleIdOf } = await import("./parse.ts");
    const { sources } = await scan();
    const idOf = (s: ScannedSource) => s.summary?.id ?? articleIdOf(s.file);
    const byFile = sources.filter((s) => s.file === q || basename(s.file) === q);
    const found = byFile.length ? byFile : sources.filter((s) => idOf(s).toLowerCase() === q.toLowerCase());
    if (found.length === 0) throw new UserInputError(`没有找到文章“${q}”。可用文章编号或文件名，例如 ${sources[0] ? `${idOf(sources[0])} 或 ${sources[0].file}` : "简报.docx"}。`);
    if (found.length > 1) throw new UserInputError(`“${q}”对应多篇文章：${found.map((s) => s.file).join("、")}。请给出完整的文件路径。`);
    const source = found[0]!;
    const article = source.article; // before the scan below prunes its file
    const keptAt = await keepAside(source.file, true);
    await scan();
    return { file: source.file, article, keptAt };
  }

  async function listDocuments(): Promise<DocumentEntry[]> {
    const { articleIdOf } = await import("./parse.ts");
    const { sources } = await scan();
    return sources.map((s) => {
      const status: DocumentStatus = !s.summary ? "failed" : s.duplicateOf ? "duplicate" : s.conflictsWith ? "conflict" : "ok";
      const reason =
        status === "failed" ? s.error?.userMessage : status === "duplicate" ? `与 ${s.duplicateOf} 内容相同` : status === "conflict" ? `与 ${s.conflictsWith} 的文章编号相同` : undefined;
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
    });
  }

  return {
    articlesDir,
    cacheDir,
    addDocument: (doc, o) => serial(() => addDocument(doc, o)),
    addDocuments: (docs, each, o) => serial(() => addDocuments(docs, each, o)),
    removeDocument: (q) => serial(() => removeDocument(q)),
    listDocuments: () => serial(listDocuments),
    scan: (o) => serial(() => scan(o?.write ?? true)),
    open: () =>
      serial(async () => {
        const result = await scan();
        return { library: libraryOf(result.articles, articlesDir, result.skipped), scan: result };
      }),
  };
}

const exists = (path: string) => stat(path).then(() => true, () => false);

interface View {
  byFile: Map<string, ScannedSource>;
  /** Base name → the sources of that name (a new version of a name replaces the first). */
  byName: Map<string, ScannedSource[]>;
  /** Article id → the sources that have it. */
  byId: Map<string, ScannedSource[]>;
  /** Content and text hashes of the sources in the library (failed and left-out ones do not count). */
  bySha: Map<string, ScannedSource>;
  byText: Map<string, ScannedSource>;
  idOf(s: ScannedSource): string;
  articleIdOf(file: string): string;
}

/** Adds a source to the view, in place of an earlier record of the same file. */
function remember(view: View, s: ScannedSource): void {
  const old = view.byFile.get(s.file);
  if (old) {
    const drop = (map: Map<string, ScannedSource[]>, key: string) => map.set(key, (map.get(key) ?? []).filter((x) => x !== old));
    drop(view.byName, basename(old.file));
    drop(view.byId, view.idOf(old));
    if (view.bySha.get(old.sha256) === old) view.bySha.delete(old.sha256);
    if (old.textHash && view.byText.get(old.textHash) === old) view.byText.delete(old.textHash);
  }
  view.byFile.set(s.file, s);
  const push = (map: Map<string, ScannedSource[]>, key: string) => map.set(key, [...(map.get(key) ?? []), s]);
  push(view.byName, basename(s.file));
  push(view.byId, view.idOf(s));
  if (s.summary && !s.duplicateOf && !s.conflictsWith) {
    if (!view.bySha.has(s.sha256)) view.bySha.set(s.sha256, s);
    if (s.textHash && !view.byText.has(s.textHash)) view.byText.set(s.textHash, s);
  }
}
