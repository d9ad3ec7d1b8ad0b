/**
 * `cli ingest` lists each unit's passages, numbered, and `cli correct` corrects what it
 * understood: exact output, as an editor at the server's terminal sees it.
 */
import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCliInProcess } from "./support/run-cli.ts";
import { NEWSLETTER } from "./corrections.fixture.ts";

const FILE = "桐川简报.md";
let dir: string;
let source: string;
const cli = (...args: string[]) => runCliInProcess(args, { DATA_DIR: dir, LOG_LEVEL: "silent" });

const HEAD = [`${FILE}  《桐川县人大工作简报（第8期）》  日期：文中未注明（排在有日期的新闻稿之后）`];
const LIUWAN = [
  "    4932ac4f  柳湾镇人大主席团（乡镇）  “田间议事”收集民意  段落 2  做法 1  数据 1  图片说明 0",
  "      [1] 今年以来，柳湾镇人大主席团组织代表走进田…",
  "      [2] 代表们还把议事结果张贴在村务公开栏，接受…",
];
const OWN = ["  未归属单位的段落：1（仍可检索，按文章和小标题引用）", "      [5] 各地要结合实际，学习借鉴以上做法。"];
const MOVED = "把段落“枣林社区代表联络站每月开放两次，由代表轮…”移到“枣林社区代表联络站”";

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "casebot-cli-correct-"));
  source = join(dir, FILE);
  await writeFile(source, NEWSLETTER);
  await utimes(source, new Date("2026-03-02T08:00:00Z"), new Date("2026-03-02T08:00:00Z"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("cli ingest", () => {
  it("lists each unit with its passages' first words, numbered, and the passages without a unit", async () => {
    const r = await cli("ingest", source);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `收录 ${FILE}`,
        ...HEAD,
        "  规则：单位：标题",
        "  单位（2）：",
        ...LIUWAN,
        "    8400fd3e  石岭街道人大工委（街道）  “楼长代表”解决停车难  段落 2  做法 1  数据 3  图片说明 0",
        "      [3] 石岭街道人大工委在8个小区推行“楼长代表…",
        "      [4] 枣林社区代表联络站每月开放两次，由代表轮…",
        ...OWN,
        "识别有误可以更正：npm run -s cli -- correct <文件名> 移动 <段落编号> <单位>（全部写法：npm run -s cli -- correct --help）",
        `1 篇文章，2 个单位 → ${join(dir, "cache")}`,
        "",
      ].join("\n"),
    );
  });
});

describe("cli correct", () => {
  beforeEach(async () => {
    expect((await cli("ingest", source)).code).toBe(0);
  });

  it("moves a passage to a new unit, shows the document as the library has it now, and undoes it", async () => {
    const moved = await cli("correct", FILE, "move", "4", "枣林社区代表联络站");
    expect(moved.code).toBe(0);
    const report = [
      ...HEAD,
      "  规则：单位：标题、编辑更正",
      "  单位（3）：",
      ...LIUWAN,
      "    8400fd3e  石岭街道人大工委（街道）  “楼长代表”解决停车难  段落 1  做法 1  数据 2  图片说明 0",
      "      [3] 石岭街道人大工委在8个小区推行“楼长代表…",
      "    2a5d8e46  枣林社区代表联络站（街道）  （无标题）  段落 1  做法 0  数据 1  图片说明 0",
      "      [4] 枣林社区代表联络站每月开放两次，由代表轮…",
      ...OWN,
      "  更正（1）：",
      `    1. ${MOVED}`,
    ];
    expect(moved.stdout).toBe([`已更正：${MOVED}。`, ...report, ""].join("\n"));
    expect((await readdir(join(dir, "articles"))).sort()).toEqual([FILE, `${FILE}.corrections.json`]);
    // What `correct <文章>` shows, and what units and ask see.
    expect((await cli("correct", "桐川简报_md")).stdout).toBe([...report, ""].join("\n"));
    const units = JSON.parse((await cli("units", "--json")).stdout) as Array<{ unit: string }>;
    expect(units.map((u) => u.unit)).toContain("枣林社区代表联络站");
    const undone = await cli("correct", FILE, "撤销", "1");
    expect(undone.stdout.split("\n").slice(0, 2)).toEqual([`已撤销：${MOVED}。`, ...HEAD]);
    expect(await readdir(join(dir, "articles"))).toEqual([FILE]);
  });

  it("Chinese verbs, several passages at once, the article's own text and a unit that is none", async () => {
    const r = await cli("correct", FILE, "移动", "1", "2", "石岭街道人大工委");
    expect(r.stdout.split("\n").slice(0, 2)).toEqual([
      "已更正：把段落“今年以来，柳湾镇人大主席团组织代表走进田…”移到“石岭街道人大工委”。",
      "已更正：把段落“代表们还把议事结果张贴在村务公开栏，接受…”移到“石岭街道人大工委”。",
    ]);
    const own = await cli("correct", FILE, "改名", "未归属", "桐川县人大常委会");
    expect(own.stdout.split("\n")[0]).toBe("已更正：把未归属单位的段落（1 段）归入“桐川县人大常委会”。");
    const none = await cli("correct", FILE, "合并", "石岭街道人大工委", "-");
    expect(none.stdout.split("\n")[0]).toBe("已更正：“石岭街道人大工委”不是单位，其段落改为不归属任何单位。");
    // 柳湾镇 gave all its passages away: no case is left of it.
    expect(none.stdout).toContain(["  单位（1）：", "    1bc8f4ec  桐川县人大常委会（县市区）  （无标题）  段落 1  做法 0  数据 0  图片说明 0", "      [5] 各地要结合实际，学习借鉴以上做法。", "  未归属单位的段落：4（仍可检索，按文章和小标题引用）"].join("\n"));
  });

  it("survives re-ingesting a new version; what is gone from it is reported stale", async () => {
    await cli("correct", FILE, "move", "4", "枣林社区代表联络站");
    await cli("correct", FILE, "rename", "柳湾镇人大主席团", "柳湾镇人大");
    await writeFile(source, NEWSLETTER.replace(/枣林社区[^\n]*/, "枣林社区代表联络站改为每周开放。"));
    const dry = await cli("ingest", "--dry-run", source);
    expect(dry.stdout.split("\n")[0]).toBe(`（试运行）将替换 ${FILE}`);
    expect(dry.stdout).toContain(["  更正（2）：", `    1. ${MOVED}  ⚠ 已失效：文中找不到这一段`, "    2. 把“柳湾镇人大主席团”改名为“柳湾镇人大”"].join("\n"));
    const r = await cli("ingest", source);
    expect(r.stdout).toContain("    4932ac4f  柳湾镇人大（乡镇）  “田间议事”收集民意");
    expect(r.stdout).toContain(`    1. ${MOVED}  ⚠ 已失效：文中找不到这一段`);
  });

  it("a folder copied with its corrections (another server's articles) brings them along into another library", async () => {
    await cli("correct", FILE, "move", "4", "枣林社区代表联络站");
    const other = await mkdtemp(join(tmpdir(), "casebot-cli-correct-other-"));
    try {
      const r = await runCliInProcess(["ingest", join(dir, "articles")], { DATA_DIR: other, LOG_LEVEL: "silent" });
      expect(r.stdout).toContain(`    2a5d8e46  枣林社区代表联络站（街道）  （无标题）  段落 1`);
      expect(r.stdout).toContain(["  更正（1）：", `    1. ${MOVED}`, "  带入旁边的更正文件（1 条）"].join("\n"));
      expect((await readdir(join(other, "articles"))).sort()).toEqual([FILE, `${FILE}.corrections.json`]);
      // Ingested again with a broken copy beside it: the library's own corrections stay.
      await writeFile(join(dir, "articles", `${FILE}.corrections.json`), "{");
      const again = await runCliInProcess(["ingest", join(dir, "articles", FILE)], { DATA_DIR: other, LOG_LEVEL: "silent" });
      expect(again.stdout.split("\n")[0]).toBe(`已收录，与 ${FILE} 相同（内容未变）`);
      const edited = join(dir, FILE);
      await writeFile(edited, NEWSLETTER.replace("。", "！"));
      await writeFile(`${edited}.corrections.json`, "{");
      const changed = await runCliInProcess(["ingest", edited], { DATA_DIR: other, LOG_LEVEL: "silent" });
      expect(changed.stdout).toContain(`  更正（1）：\n    1. ${MOVED}\n  未带入旁边的更正文件：案例库里已有这篇文章的更正，保留案例库的`);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("says what is wrong: exit 1 for what the document does not have, 2 for usage", async () => {
    const fails = async (args: string[], code: number, stderr: string) => {
      const r = await cli("correct", ...args);
      expect([r.code, r.stderr, r.stdout]).toEqual([code, stderr, ""]);
    };
    await fails([FILE, "rename", "青石县人大", "新名"], 1, "这篇文章里没有单位“青石县人大”。文中的单位：柳湾镇人大主席团、石岭街道人大工委。\n");
    await fails([FILE, "move", "12", "柳湾镇人大主席团"], 1, "没有第 12 段（这篇文章共 5 段，编号见报告方括号）。\n");
    await fails(["没有这篇", "list"], 1, `没有找到文章“没有这篇”。可用文章编号或文件名，例如 桐川简报_md 或 ${FILE}。\n`);
    const usage = await cli("correct", FILE, "swap");
    expect([usage.code, usage.stderr.split("\n").slice(0, 2)]).toEqual([2, ["不认识的操作“swap”。可用：查看、改名、合并、移动、撤销。", "usage: correct <文章> [查看|改名|合并|移动|撤销 …]"]]);
    expect((await cli("correct")).code).toBe(2);
    const help = await cli("correct", "--help");
    expect([help.code, help.stdout.split("\n")[3]]).toEqual([0, "npm run -s cli -- correct <文章> 移动 <段落编号…> <单位>  段落归错了单位（段落编号见报告方括号，可写 3 5 或 3-5；也可写段落开头几个字；单位可以是新名称，写“-”表示不归属任何单位）"]);
    expect((await cli("help")).stdout).toContain("correct <文章> [查看|改名|合并|移动|撤销 …]");
  });
});
