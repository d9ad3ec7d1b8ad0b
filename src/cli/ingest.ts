import { copyFile, mkdir, readFile, readdir, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { parseSources, ingest, listSources, snapshotPath, SOURCE_EXT } from "../corpus/store.ts";
import { formatIngestReport } from "../corpus/report.ts";
import { cliContext } from "./context.ts";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseFlags, writeLine, type CliCommand } from "./types.ts";

/**
 * `ingest` re-parses the articles directory, writes the case snapshot and reports what it
 * understood of each document. `ingest <path>` first adds a newsletter file (or every one in a
 * directory) to the articles directory — a file with the same name and different content is
 * refused, never overwritten. `--dry-run` reports on the given files (or the articles
 * directory) without copying or writing anything.
 */
export const ingestCli: CliCommand = {
  name: "ingest",
  usage: "ingest [--dry-run] [文件或目录]",
  summary: "解析新闻稿并重建案例库快照（data/cases.json），报告识别出的单位；--dry-run 只报告不写入",
  async run(args, io) {
    const { flags, rest, unknown } = parseFlags(args, ["--dry-run"]);
    if (unknown.length || rest.length > 1) {
      writeLine(io.stderr, `usage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const { config } = cliContext(io);
    const articlesDir = resolve(config.articlesDir);
    const given = rest[0] ? resolve(rest[0]) : undefined;
    if (flags.has("--dry-run")) {
      const dir = given ?? articlesDir;
      const info = await stat(dir).catch(() => undefined);
      if (!info) {
        writeLine(io.stderr, `cannot read ${dir}`);
        return EXIT_FAILED;
      }
      const root = info.isDirectory() ? dir : resolve(dir, "..");
      const sources = (await listSources(root)).filter((s) => info.isDirectory() || join(root, s.file) === dir);
      const articles = await parseSources(root, sources);
      writeLine(io.stdout, formatIngestReport(articles));
      writeLine(io.stdout, `（试运行，未写入）${summary(articles)}`);
      return EXIT_OK;
    }
    if (given && given !== articlesDir) {
      const added = await addSources(given, articlesDir);
      if (typeof added === "string") {
        writeLine(io.stderr, added);
        return EXIT_FAILED;
      }
      for (const f of added) writeLine(io.stderr, `added ${f}`);
    }
    const file = snapshotPath(config.DATA_DIR);
    const snap = await ingest(articlesDir, file);
    writeLine(io.stdout, formatIngestReport(snap.articles));
    writeLine(io.stdout, `${summary(snap.articles)} → ${file}`);
    return snap.articles.length > 0 ? EXIT_OK : EXIT_FAILED;
  },
};

function summary(articles: ReadonlyArray<{ cases: ReadonlyArray<{ unit: string }> }>): string {
  return `${articles.length} 篇文章，${articles.reduce((n, a) => n + a.cases.filter((c) => c.unit).length, 0)} 个单位`;
}

async function addSources(path: string, articlesDir: string): Promise<string[] | string> {
  let files: string[];
  try {
    const info = await stat(path);
    files = info.isDirectory()
      ? (await readdir(path, { recursive: true })).filter((f) => SOURCE_EXT.test(f)).map((f) => join(path, f))
      : [path];
  } catch (err) {
    return `cannot read ${path}: ${(err as Error).message}`;
  }
  const bad = files.find((f) => !SOURCE_EXT.test(f));
  if (bad) return `${bad}: only .txt and .md newsletters can be ingested`;
  if (files.length === 0) return `${path}: no .txt or .md files found`;
  await mkdir(articlesDir, { recursive: true });
  const added: string[] = [];
  for (const f of files) {
    const target = join(articlesDir, basename(f));
    const existing = await readFile(target).catch(() => undefined);
    const incoming = await readFile(f);
    if (existing && !existing.equals(incoming)) return `${target} already exists with different content; rename the new file`;
    if (!existing) {
      await copyFile(f, target);
      added.push(target);
    }
  }
  return added;
}
