import { copyFile, mkdir, readFile, readdir, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { ingest, snapshotPath, SOURCE_EXT } from "../corpus/store.ts";
import type { Article } from "../corpus/types.ts";
import { cliContext } from "./context.ts";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseFlags, writeLine, type CliCommand } from "./types.ts";


/**
 * `ingest` re-parses the articles directory and writes the case snapshot. `ingest <path>` first
 * adds a newsletter file (or every .txt/.md in a directory) to the articles directory — a file
 * with the same name and different content is refused, never overwritten.
 */
export const ingestCli: CliCommand = {
  name: "ingest",
  usage: "ingest [文件或目录]",
  summary: "重建案例库快照（data/cases.json），可先加入新的 .txt/.md 文章",
  async run(args, io) {
    const { rest, unknown } = parseFlags(args, []);
    if (unknown.length || rest.length > 1) {
      writeLine(io.stderr, `usage: ${this.usage}`);
      return EXIT_USAGE;
    }
    const { config } = cliContext(io);
    const articlesDir = resolve(config.articlesDir);
    if (rest[0] && resolve(rest[0]) !== articlesDir) {
      const added = await addSources(resolve(rest[0]), articlesDir);
      if (typeof added === "string") {
        writeLine(io.stderr, added);
        return EXIT_FAILED;
      }
      for (const f of added) writeLine(io.stderr, `added ${f}`);
    }
    const file = snapshotPath(config.dataDir);
    const snap = await ingest(articlesDir, file);
    writeLine(io.stdout, formatReport(snap.articles));
    writeLine(io.stdout, `${snap.articles.length} 篇文章，${snap.articles.reduce((n, a) => n + a.cases.length, 0)} 个单位 → ${file}`);
    return snap.articles.some((a) => a.cases.length > 0) ? EXIT_OK : EXIT_FAILED;
  },
};

export function formatReport(articles: readonly Article[]): string {
  const rows = [["id", "unit", "level", "paragraphs(truncated)", "practices", "figures", "captions"]];
  const notes: string[] = [];
  for (const a of articles) {
    if (a.cases.length === 0) notes.push(`${a.sourceFile}: 没有识别到单位标题（如“某某县人大常委会”），未收录任何案例`);
    for (const c of a.cases) {
      const truncated = c.paragraphs.filter((p) => p.truncatedStart || p.truncatedEnd).length;
      rows.push([c.id, c.unit, c.level, `${c.paragraphs.length + (c.lead ? 1 : 0)}(${truncated})`, String(c.practices.length), String(c.figures.length), String(c.captions.length)]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ""))));
  const lines = rows.map((r) => r.map((cell, i) => cell + " ".repeat(widths[i]! - width(cell))).join("  ").trimEnd());
  return [...lines, ...notes].join("\n");
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
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
