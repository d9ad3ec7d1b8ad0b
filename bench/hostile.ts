/**
 * `npm run bench -- hostile`: the held-out check of issue 17 at full size (not in `npm test`,
 * which runs the same files small against proportionally small limits: test/hostile.e2e.test.ts).
 * Generates the hostile files, then, with the default limits:
 * 1. `cli ingest --dry-run <file>` for each, as its own process: wall time and peak RSS;
 * 2. the bot (`npm start`'s command, Telegram against the local Bot API server): an editor sends
 *    every file while another user asks a question every 500 ms; each question's and each
 *    report's latency, the bot's peak RSS, and whether it stayed up;
 * 3. the bot started with the Word bomb already in articles/ (no cache): time to its first answer.
 * Peak RSS is the process's VmHWM (threads included), sampled from /proc.
 * Targets (issue 17): CLI ≤ 120 s and ≤ 1 GB each; questions ≤ 10 s, reports ≤ 90 s, bot ≤ 1.5 GB;
 * start with the bomb in articles/ answers within 60 s.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startBotApiServer, type BotApiServer } from "../test/support/bot-api-server.ts";
import { bigHtml, docxBomb, docxOf, manyParagraphsDocx, mislabelledPage, nestedHtml, pdfBlankBomb, pdfTextBomb } from "../test/support/hostile-docs.ts";
import { documentUpdate, textUpdate } from "../test/support/telegram-updates.ts";
import type { BenchSection } from "./types.ts";
import { printTable } from "./util.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const MB = 1024 * 1024;
const EDITOR = { id: 1001, is_bot: false, first_name: "编辑" };
const ASKER = { id: 1002, is_bot: false, first_name: "提问者" };
const QUESTION = "代表联络站是怎么收集意见的？";

interface Hostile {
  name: string;
  what: string;
  bytes: Uint8Array;
}

async function hostileFiles(): Promise<Hostile[]> {
  const page = {
    title: "臺北市議會代表聯絡站舉辦座談會",
    paragraphs: Array.from({ length: 20 }, () => "臺北市議會代表聯絡站日前舉辦座談會，邀請轄區居民、里長和社區團體代表參加，聽取大家對社區建設、交通改善和長者照顧的意見與建議。"),
  };
  return [
    { name: "炸弹.docx", what: "Word bomb, document.xml → 200 MB", bytes: await docxBomb(200 * MB) },
    // One paragraph of 1 GB declaring 1 KB: no count gives it away, only the bytes as they inflate.
    {
      name: "谎报炸弹.docx",
      what: "Word bomb declaring 1 KB → 1 GB",
      bytes: await docxOf({ head: "<w:p><w:r><w:t>", repeat: "文字".repeat(1000), times: Math.ceil((1024 * MB) / 6000), declaredSize: 1024 }),
    },
    { name: "文字炸弹.pdf", what: "PDF, one page → 3.5 M text items", bytes: await pdfTextBomb(3_500_000) },
    // Under the stream limit (51 MB): pdf.js reads it, and the text-piece limit stops it.
    { name: "文字.pdf", what: "PDF, one page → 1.5 M text items", bytes: await pdfTextBomb(1_500_000) },
    { name: "炸弹.pdf", what: "PDF flate bomb → 2 GB", bytes: await pdfBlankBomb(2048 * MB) },
    { name: "嵌套.html", what: "HTML nested 200,000 deep", bytes: new TextEncoder().encode(nestedHtml(200_000)) },
    { name: "长网页.html", what: "HTML page of 19 MB", bytes: new TextEncoder().encode(bigHtml(19 * MB)) },
    { name: "十万段.docx", what: "Word, 100,000 paragraphs", bytes: await manyParagraphsDocx(100_000) },
    { name: "繁體.html", what: "BIG5 page declared gbk", bytes: mislabelledPage(page, "big5", "gbk") },
  ];
}

/** VmHWM (peak resident set) of a live process, in MB; undefined once it is gone. */
function peakMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's peak RSS until it exits. */
function watchPeak(child: ChildProcess): { peak: () => number } {
  let peak = 0;
  const t = setInterval(() => (peak = Math.max(peak, peakMb(child.pid!) ?? 0)), 20);
  child.once("exit", () => clearInterval(t));
  return { peak: () => Math.max(peak, peakMb(child.pid!) ?? 0) };
}

function env(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", CASEBOT_ENV_FILE: "", STATS: "off", ...extra };
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "casebot-hostile-"));
  cpSync(join(ROOT, "data", "articles"), join(dir, "articles"), { recursive: true });
  return dir;
}

async function cliRow(file: string, h: Hostile): Promise<Record<string, string | number>> {
  const dir = dataDir();
  const t = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx/esm", "src/cli.ts", "ingest", "--dry-run", file], {
    cwd: ROOT,
    env: env({ DATA_DIR: dir }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const peak = watchPeak(child);
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const seconds = (performance.now() - t) / 1000;
  rmSync(dir, { recursive: true, force: true });
  const line = out.split("\n").find((l) => l.includes(h.name) || l.includes("已收录") || l.includes("无法")) ?? out.split("\n")[0] ?? "";
  return {
    file: h.name,
    what: h.what,
    size: `${Math.round(h.bytes.length / 1024)} KB`,
    exit: String(code),
    "time s": seconds.toFixed(1),
    "peak RSS MB": peak.peak(),
    report: line.trim().slice(0, 60),
  };
}

function startBot(api: BotApiServer, dir: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx/esm", "src/main.ts"], {
    cwd: ROOT,
    env: env({
      BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      DATA_DIR: dir,
      CASEBOT_CONSOLE: "0",
      TELEGRAM_EDITORS: String(EDITOR.id),
      RATE_LIMIT_PER_MINUTE: "10000",
    }),
    stdio: ["ignore", "ignore", "pipe"],
  });
}

const privateChat = (u: { id: number }) => ({ id: u.id, type: "private" as const });
const textOf = (p: Record<string, unknown>) => String(p.text ?? "");

async function botRun(files: Hostile[]): Promise<void> {
  const api = await startBotApiServer();
  const dir = dataDir();
  const bot = startBot(api, dir);
  const peak = watchPeak(bot);
  let exited = false;
  bot.once("exit", () => (exited = true));
  try {
    await api.waitForPolling(120_000);
    const reports: Array<Record<string, string | number>> = [];
    const latencies: number[] = [];
    let asking = true;
    const asker = (async () => {
      for (let i = 0; asking; i++) {
        const t = performance.now();
        api.pushUpdate(textUpdate(QUESTION, { from: ASKER, chat: privateChat(ASKER) }) as never);
        await api.waitForCall("sendMessage", (p) => p.chat_id === ASKER.id, { skip: i, timeoutMs: 120_000 });
        latencies.push((performance.now() - t) / 1000);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const sent: number[] = [];
    for (const f of files) {
      sent.push(performance.now());
      api.pushUpdate(documentUpdate(api.addFile(f.bytes), { fileName: f.name, from: EDITOR }) as never);
    }
    for (let i = 0; i < files.length; i++) {
      const call = await api.waitForCall("sendMessage", (p) => p.chat_id === EDITOR.id, { skip: i, timeoutMs: 600_000 });
      reports.push({
        file: files[i]!.name,
        "report after s": ((performance.now() - sent[i]!) / 1000).toFixed(1),
        report: textOf(call.payload).split("\n")[0]!.slice(0, 70),
      });
    }
    asking = false;
    await asker;
    printTable("bot: reports while another user asks (sent at once, read one at a time)", reports);
    const sorted = [...latencies].sort((a, b) => a - b);
    printTable("bot: questions during the uploads", [
      {
        questions: latencies.length,
        "median s": sorted[Math.floor(sorted.length / 2)]!.toFixed(2),
        "max s": sorted[sorted.length - 1]!.toFixed(2),
        "peak RSS MB": peak.peak(),
        "still up": exited ? "no" : "yes",
      },
    ]);
  } finally {
    bot.kill("SIGTERM");
    await new Promise((r) => (exited ? r(undefined) : bot.once("exit", r)));
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startWithBomb(bomb: Hostile): Promise<void> {
  const api = await startBotApiServer();
  const dir = dataDir();
  writeFileSync(join(dir, "articles", bomb.name), bomb.bytes);
  const t = performance.now();
  const bot = startBot(api, dir);
  const peak = watchPeak(bot);
  try {
    api.pushUpdate(textUpdate(QUESTION, { from: ASKER, chat: privateChat(ASKER) }) as never);
    await api.waitForCall("sendMessage", (p) => p.chat_id === ASKER.id, { timeoutMs: 300_000 });
    const seconds = (performance.now() - t) / 1000;
    const quarantined = (() => {
      try {
        return readFileSync(join(dir, "articles", bomb.name)) ? "no" : "yes";
      } catch {
        return "yes";
      }
    })();
    printTable(`bot started with ${bomb.name} in articles/ (no cache)`, [
      { "first answer after s": seconds.toFixed(1), "peak RSS MB": peak.peak(), quarantined },
    ]);
  } finally {
    bot.kill("SIGTERM");
    await new Promise((r) => bot.once("exit", r));
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const hostileBench: BenchSection = {
  name: "hostile",
  async run() {
    const t = performance.now();
    const files = await hostileFiles();
    console.log(`generated ${files.length} hostile files in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const dir = mkdtempSync(join(tmpdir(), "casebot-hostile-files-"));
    try {
      const rows = [];
      for (const f of files) {
        const file = join(dir, f.name);
        writeFileSync(file, f.bytes);
        rows.push(await cliRow(file, f));
      }
      printTable("cli ingest --dry-run, one process per file (default limits)", rows);
      await botRun(files);
      await startWithBomb(files[0]!);
      await startWithBomb(files[1]!);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
