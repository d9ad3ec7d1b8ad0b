import { readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { createCollection } from "../corpus/collection.ts";
import type { Collection, NewDocument } from "../corpus/collection-types.ts";
import { isSidecar, sidecarOf } from "../corpus/corrections/types.ts";
import { isSupportedFile } from "../corpus/extract/extensions.ts";
import type { ExtractFn } from "../corpus/extract/index.ts";
import type { FetchDocumentOptions } from "../corpus/fetch-document.ts";
import { formatAddReport, formatIngestReport, formatQuarantined, formatSkipped, librarySummary } from "../corpus/report.ts";
import { COLLECTION_TEXT, CORRECT_HINT, REPORT_TEXT } from "../messages/reports.ts";
import { CLI_COMMANDS, CLI_TEXT } from "../messages/cli.ts";
import { forEachArticle } from "../corpus/scan-articles.ts";
import type { LibraryScan } from "../corpus/scan-types.ts";
import { CasebotError } from "../errors.ts";
import { cliContext } from "./context.ts";
import { createProgress, duration } from "./progress.ts";
import type { Config } from "../config/config.ts";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseFlags, writeLine, type CliCommand, type CliIO } from "./types.ts";

/** What tests replace: the extractor (to count calls) and the download limits (a short timeout). */
export interface IngestDeps {
  extract?: ExtractFn;
  fetchOptions?: FetchDocumentOptions;
}

/**
 * `ingest` re-reads the articles directory through the cache and reports what it understood
 * of each document. `ingest <file|dir|url>…` adds documents first: each is read completely,
 * then stored under the articles directory — unless the same text is already there (reported
 * “已收录，与 X 相同”); a changed file under a name already present replaces the old version.
 * `--dry-run` reports without writing anything. Exit 1 when any document could not be read.
 */
export function createIngestCli(deps: IngestDeps = {}): CliCommand {
  return {
    name: "ingest",
    usage: CLI_COMMANDS.ingest.usage,
    summary: CLI_COMMANDS.ingest.summary,
    async run(args, io) {
      const { flags, rest, unknown } = parseFlags(args, ["--dry-run"]);
      if (unknown.length) {
        writeLine(io.stderr, `usage: ${this.usage}`);
        return EXIT_USAGE;
      }
      const { config, logger } = cliContext(io);
      const collection = createCollection({ articlesDir: resolve(config.articlesDir), dataDir: resolve(config.dataDir), extract: deps.extract, logger });
      const dryRun = flags.has("--dry-run");
      if (rest.length === 0) return rebuild(collection, dryRun, io, config);
      let failed = 0;
      const inside: string[] = [];
      const files: string[] = [];
      for (const arg of rest) {
        const { looksLikeUrl } = await import("../corpus/fetch-document.ts");
        if (looksLikeUrl(arg)) {
          failed += await ingestUrl(collection, arg, dryRun, { allowedHosts: config.ingestAllowedHosts, ...deps.fetchOptions }, io);
          continue;
        }
        const path = resolve(arg);
        if (within(collection.articlesDir, path)) {
          inside.push(path); // already in the articles directory: reported from the scan below
          continue;
        }
        const found = await documentsAt(path, io);
        if (!found) failed++;
        files.push(...(found ?? []));
      }
      const scan = files.length ? await ingestFiles(collection, files, dryRun, io, (n) => (failed += n)) : await collection.scan({ write: !dryRun });
      if (inside.length) failed += reportInside(collection, scan, inside, io);
      if (!dryRun) await saveIndex(config, scan, io);
      if (scan.kept.length) writeLine(io.stdout, CORRECT_HINT);
      writeLine(io.stdout, dryRun ? CLI_TEXT.dryRunSummary(librarySummary(scan)) : `${librarySummary(scan)} → ${collection.cacheDir}`);
      return failed ? EXIT_FAILED : EXIT_OK;
    },
  };
}

export const ingestCli: CliCommand = createIngestCli();

/** The saved index of a large library, brought up to date now rather than at the next start. */
export async function saveIndex(config: Config, scan: LibraryScan, io: CliIO): Promise<void> {
  const { updateSavedIndex } = await import("../answer/open-library.ts");
  const t = performance.now();
  const changed = updateSavedIndex({ dataDir: resolve(config.dataDir), choice: config.searchIndex }, scan);
  if (changed && (changed.added || changed.removed)) {
    writeLine(io.stderr, CLI_TEXT.indexUpdated(changed.added, changed.removed, duration((performance.now() - t) / 1000)));
  }
}

async function rebuild(collection: Collection, dryRun: boolean, io: CliIO, config: Config): Promise<number> {
  const scan = await collection.scan({ write: !dryRun });
  if (!dryRun) await saveIndex(config, scan, io);
  forEachArticle(scan, (article) => writeLine(io.stdout, formatIngestReport([article])));
  if (scan.skipped.length) writeLine(io.stdout, formatSkipped(scan.skipped));
  if (scan.kept.length) writeLine(io.stdout, CORRECT_HINT);
  if (scan.quarantined.length) writeLine(io.stdout, formatQuarantined(scan.quarantined));
  writeLine(io.stdout, dryRun ? CLI_TEXT.dryRunSummary(librarySummary(scan)) : `${librarySummary(scan)} → ${collection.cacheDir}`);
  const broken = scan.quarantined.length > 0 || scan.sources.some((s) => !s.summary || s.conflictsWith);
  return scan.kept.length > 0 && !broken ? EXIT_OK : EXIT_FAILED;
}

/** Files of a given path: the file itself, or every supported file under a directory. */
async function documentsAt(path: string, io: CliIO): Promise<string[] | undefined> {
  try {
    if (!(await stat(path)).isDirectory()) return [path];
    // Editors' corrections beside a document (corrections/) are not documents themselves.
    const names = (await readdir(path, { recursive: true, encoding: "utf8" }))
      .filter((f) => !f.split(/[\\/]/).some((p) => p.startsWith(".")) && !isSidecar(f))
      .sort();
    const files: string[] = [];
    for (const name of names) {
      if (!(await stat(join(path, name))).isFile()) continue;
      if (isSupportedFile(name)) files.push(join(path, name));
      else writeLine(io.stdout, CLI_TEXT.unsupported(join(path, name)));
    }
    if (files.length === 0) writeLine(io.stdout, CLI_TEXT.nothingIn(path));
    return files;
  } catch (err) {
    return void cannotRead(path, err, io);
  }
}

/**
 * A path that cannot be read, said the way an operator can act on it: a missing file is a
 * wrong path, not an `ENOENT … stat` line. Only an unexpected error keeps its detail on stderr.
 */
function cannotRead(path: string, err: unknown, io: CliIO): number {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === "ENOENT" || code === "ENOTDIR" ? CLI_TEXT.notFound : code === "EACCES" || code === "EPERM" ? CLI_TEXT.noPermission : CLI_TEXT.unreadable;
  writeLine(io.stdout, CLI_TEXT.cannotTake(path, why));
  if (why === CLI_TEXT.unreadable) writeLine(io.stderr, `cannot read ${path}: ${(err as Error).message}`);
  return 1;
}

/** Files one after another in one pass over the library (collection.addDocuments), with progress on a terminal. */
async function ingestFiles(collection: Collection, files: string[], dryRun: boolean, io: CliIO, fail: (n: number) => void): Promise<LibraryScan> {
  const progress = createProgress({ total: files.length, stream: io.stderr });
  const paths = new Map<NewDocument | Error, string>();
  async function* documents(): AsyncGenerator<NewDocument | Error> {
    for (const file of files) {
      let doc: NewDocument | Error;
      try {
        const [bytes, info] = await Promise.all([readFile(file), stat(file)]);
        // Corrections beside the file (an exported or copied articles folder) come along.
        const corrections = await readFile(sidecarOf(file)).catch(() => undefined);
        doc = { fileName: file, bytes, modifiedAt: info.mtime, ...(corrections && { corrections }) };
      } catch (err) {
        doc = err as Error;
      }
      paths.set(doc, file);
      yield doc;
    }
  }
  const scan = await collection.addDocuments(
    documents(),
    (result, doc) => {
      const file = paths.get(doc) ?? "";
      paths.delete(doc);
      progress.clear();
      // An Error in place of the document: the file itself could not be read.
      if (result instanceof Error) fail(result === doc ? cannotRead(file, result, io) : refused(file, result, io));
      else writeLine(io.stdout, formatAddReport(result));
      progress.tick();
    },
    { dryRun },
  );
  if (files.length >= PROGRESS_FROM) progress.done();
  else progress.clear();
  return scan;
}

/** Fewer documents than this are reported one by one only, without a summary line. */
const PROGRESS_FROM = 20;

async function ingestUrl(collection: Collection, url: string, dryRun: boolean, fetchOptions: FetchDocumentOptions, io: CliIO): Promise<number> {
  try {
    const { fetchDocument } = await import("../corpus/fetch-document.ts");
    const doc = await fetchDocument(url, fetchOptions);
    writeLine(io.stderr, `downloaded ${doc.url} (${doc.bytes.length} bytes, ${doc.contentType ?? "no content type"}) as ${doc.fileName}`);
    const report = await collection.addDocument(doc, { dryRun });
    writeLine(io.stdout, formatAddReport(report, doc.url));
    return 0;
  } catch (err) {
    return refused(url, err, io);
  }
}

/** A document that could not be taken: its Chinese reason in the report, the detail on stderr. */
function refused(what: string, err: unknown, io: CliIO): number {
  const userMessage = err instanceof CasebotError ? err.userMessage : CLI_TEXT.unreadable;
  writeLine(io.stdout, CLI_TEXT.cannotTake(what, userMessage));
  writeLine(io.stderr, err instanceof CasebotError ? err.message : ((err as Error)?.stack ?? String(err)));
  return 1;
}

function within(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return !rel.startsWith("..") && !isAbsolute(rel);
}

/** Paths given inside the articles directory: their documents as the scan read them. */
function reportInside(collection: Collection, scan: LibraryScan, paths: string[], io: CliIO): number {
  let failed = 0;
  for (const path of paths) {
    const rel = relative(collection.articlesDir, path);
    const sources = scan.sources.filter((s) => rel === "" || s.file === rel || s.file.startsWith(rel + sep));
    if (sources.length === 0) {
      writeLine(io.stdout, CLI_TEXT.cannotTake(path, CLI_TEXT.notADocument));
      failed++;
    }
    for (const s of sources) {
      const skipped = scan.skipped.find((k) => k.file === s.file);
      if (s.summary && s.article && !skipped) writeLine(io.stdout, `${CLI_TEXT.taken(s.file)}\n${formatIngestReport([s.article])}`);
      else {
        writeLine(io.stdout, REPORT_TEXT.skipped(s.file, skipped?.reason ?? s.error?.userMessage ?? COLLECTION_TEXT.unreadable));
        if (!s.summary || s.conflictsWith) failed++;
      }
    }
  }
  return failed;
}
