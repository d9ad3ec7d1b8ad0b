import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.ts";
import type { CliIO } from "../src/cli/types.ts";
import { tempDataDir } from "./support/spawn-app.ts";

const exec = promisify(execFile);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], opts: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (d: Buffer) => out.push(d.toString()));
  stderr.on("data", (d: Buffer) => err.push(d.toString()));
  const io: CliIO = { stdin: Readable.from(opts.stdin ? [opts.stdin] : []), stdout, stderr, env: { LOG_LEVEL: "silent", ...opts.env } };
  const code = await runCli(argv, io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

interface AskLine {
  query: string;
  hits: Array<{ id: string; unit: string; headline: string; score: number; passage: string }>;
  reply: string;
}

// The real process, as other checks call it, on a copy of the bundled data with its cache (the
// repository's data/ is never written by tests). One question as an argument is checked through
// runCli below: the same entry point.
describe("npm run -s cli (spawned, as other checks call it)", { tags: ["slow"] }, () => {
  it("ask --json without a question answers each stdin line, in order, one JSON line each", async () => {
    const child = exec("npm", ["run", "-s", "cli", "--", "ask", "--json"], { env: { ...process.env, CASEBOT_ENV_FILE: "", LOG_LEVEL: "silent", DATA_DIR: tempDataDir() } });
    child.child.stdin!.end("仙人井\n天气怎么样\n\n聯絡站進集市\n");
    const { stdout } = await child;
    const objs = stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as AskLine);
    expect(objs.map((o) => o.query)).toEqual(["仙人井", "天气怎么样", "", "聯絡站進集市"]);
    expect(objs.map((o) => o.hits[0]?.unit ?? null)).toEqual(["大祥区城北路街道人大工委", null, null, "城步苗族自治县人大常委会"]);
    expect(objs[1]!.reply.startsWith("没有找到与“天气怎么样”相关的案例。")).toBe(true);
    expect(objs[1]!.hits).toEqual([]);
  }, 30_000);
});

describe("runCli", () => {
  it("ask --json prints one JSON object with query, hits and reply", async () => {
    const { stdout } = await run(["ask", "--json", "码上找代表"]);
    const lines = stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    const obj = JSON.parse(lines[0]!) as AskLine;
    expect(Object.keys(obj)).toEqual(["query", "hits", "reply"]);
    expect(obj.query).toBe("码上找代表");
    expect(obj.hits[0]).toMatchObject({ unit: "大祥区城北路街道人大工委", headline: "深化基层民主实践 打造文旅融合新样板" });
    expect(obj.hits[0]!.passage).toContain("码上找代表");
    expect(obj.reply.startsWith("【大祥区城北路街道人大工委 · ")).toBe(true);
  });

  it("ask --json keeps bad input on one line", async () => {
    const nasty = "a\u0000<b>x</b>\u0007 **联络站**";
    const { code, stdout } = await run(["ask", "--json", nasty]);
    expect(code).toBe(0);
    expect(stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect((JSON.parse(stdout) as AskLine).query).toBe(nasty);
  });

  it("ask without --json prints the plain reply", async () => {
    const { code, stdout } = await run(["ask", "逢6进站"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^【大祥区城北路街道人大工委 · /);
  });

  it("units lists every unit; --json as an array", async () => {
    const plain = await run(["units"]);
    expect(plain.code).toBe(0);
    expect(plain.stdout.trimEnd().split("\n")).toHaveLength(6);
    expect(plain.stdout).toMatch(/^[0-9a-f]{8}\t邵东市人大常委会\t县市区\t/);
    const json = JSON.parse((await run(["units", "--json"])).stdout) as Array<{ unit: string; level: string }>;
    expect(json.map((u) => u.level)).toEqual(["county", "county", "county", "county", "township", "street"]);
  });

  it("case prints the whole case by id or unit name; unknown is exit 1", async () => {
    const units = JSON.parse((await run(["units", "--json"])).stdout) as Array<{ id: string; unit: string }>;
    const byId = await run(["case", units[1]!.id]);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toContain("花古街道创设邵阳首个居民议事厅。");
    expect((await run(["case", "洞口"])).stdout).toBe(byId.stdout);
    const missing = await run(["case", "不存在的单位"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("没有找到“不存在的单位”对应的案例。");
  });

  it("usage errors exit 2 with a usage line", async () => {
    for (const argv of [[], ["nope"], ["ask", "--bogus"], ["case"], ["units", "extra"]]) {
      const r = await run(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/usage: /);
      expect(r.stdout).toBe("");
    }
  });
});

describe("cli ingest", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "casebot-ingest-"));
    await cp("data/articles", join(dir, "articles"), { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("rebuilds the cache and prints each unit with its counts", async () => {
    const r = await run(["ingest"], { env: { DATA_DIR: dir } });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    // The bundled newsletter carries no date: undated, never dated by its file's time.
    expect(lines[0]).toBe("000_69318127c2583019.txt  《凝心聚力抓落实 锐意进取谱新篇》  日期：文中未注明（排在有日期的新闻稿之后）");
    expect(lines[1]).toBe("  规则：单位名独占一行");
    expect(lines.find((l) => l.includes("洞口县人大常委会"))).toMatch(/^ {4}[0-9a-f]{8} {2}洞口县人大常委会（县市区） {2}创新机制激发代表活力，打造民生实事落地新样板 {2}段落 2（1 段不完整） {2}做法 3 {2}数据 4 {2}图片说明 1$/);
    expect(lines).toContain("  未归属单位的段落：1（仍可检索，按文章和小标题引用）");
    expect(lines.at(-1)).toBe(`1 篇文章，6 个单位 → ${join(dir, "cache")}`);
    const manifest = JSON.parse(await readFile(join(dir, "cache", "library.json"), "utf8")) as { sources: Array<{ article: unknown }> };
    expect(manifest.sources).toHaveLength(1);
  });

  it("adds a new newsletter file, then replaces it with a changed version of the same name", async () => {
    const extra = join(dir, "new.md");
    await writeFile(extra, "# 新的典型案例\n\n某某县人大常委会\n\n创新代表联络方式\n\n今年以来，某某县人大常委会推行“代表夜访”制度。\n");
    const r = await run(["ingest", extra], { env: { DATA_DIR: dir } });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("收录 new.md");
    expect(r.stdout).toContain("某某县人大常委会");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe(`2 篇文章，7 个单位 → ${join(dir, "cache")}`);
    await writeFile(extra, "# 改过的内容\n\n另一县人大常委会\n\n今年以来，另一县人大常委会推行“代表夜访”制度。\n");
    const again = await run(["ingest", extra], { env: { DATA_DIR: dir } });
    expect(again.code).toBe(0);
    expect(again.stdout.split("\n")[0]).toMatch(new RegExp(`^替换 new\\.md（旧版本已移到 ${join(dir, "removed")}/[-\\dTZ]+_new\\.md）$`));
    expect(again.stdout).toContain("另一县人大常委会");
    expect(await readFile(join(dir, "articles", "new.md"), "utf8")).toContain("改过的内容");
  });
});
