/**
 * Spawned by bench/scale.ts, one process per engine and size, so heap and RSS are this
 * library's alone: opens the library as the bot does (openLiveLibrary), answers every probe,
 * then — with `upload` — adds one newsletter while questions keep coming, and prints one JSON line.
 *   node --import tsx/esm bench/scale-probe.ts <dataDir> <memory|saved> <questions.json> [upload]
 */
const started = performance.now();
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openLiveLibrary } from "../src/answer/live.ts";
import { createCollection } from "../src/corpus/collection.ts";
import { syntheticNewsletters, type SyntheticUnit } from "../test/support/newsletters.ts";

const [dataDir, engine, questionsFile, upload] = process.argv.slice(2) as [string, "memory" | "saved", string, string | undefined];
const articlesDir = join(dataDir, "articles");
const questions = JSON.parse(readFileSync(questionsFile, "utf8")) as SyntheticUnit[];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))] ?? NaN;

const t0 = performance.now();
const live = await openLiveLibrary({ articlesDir, dataDir, searchIndex: engine, watch: false });
const openMs = performance.now() - t0;
const first = live.answerer.ask(questions[0]!.question);
const firstAnswerMs = performance.now() - started;
void first;

const times: number[] = [];
let right = 0;
for (const q of questions) {
  const t = performance.now();
  const r = live.answerer.ask(q.question);
  times.push(performance.now() - t);
  if (r.hits[0]?.case.unit === q.unit) right++;
}
// A second round: the first pays for reading each case's text once.
const idle: number[] = [];
for (const q of questions) {
  const t = performance.now();
  live.answerer.ask(q.question);
  idle.push(performance.now() - t);
}
const mem = process.memoryUsage();
const result: Record<string, number | string> = {
  openMs,
  firstAnswerMs,
  p50: pct(idle, 50),
  p99: pct(idle, 99),
  coldP99: pct(times, 99),
  top1: right / questions.length,
  heapMB: mem.heapUsed / 2 ** 20,
  rssMB: mem.rss / 2 ** 20,
};

if (upload) {
  // One newsletter from another seed, added as a chat upload is: the collection, then refresh().
  const doc = [...syntheticNewsletters(1, 424242)][0]!;
  const probe = doc.units[0]!;
  const during: number[] = [];
  // From when a question was due to its answer: what a user waits while the event loop is held.
  const waited: number[] = [];
  let asking = true;
  let i = 0;
  let due = performance.now();
  const ask = () => {
    if (!asking) return;
    const t = performance.now();
    live.answerer.ask(questions[i++ % questions.length]!.question);
    const end = performance.now();
    during.push(end - t);
    waited.push(end - due);
    due = end + 5;
    setTimeout(ask, 5);
  };
  const t = performance.now();
  ask();
  const collection = createCollection({ articlesDir, dataDir });
  const report = await collection.addDocument({ fileName: `upload-${Date.now()}.txt`, bytes: Buffer.from(doc.text) });
  await live.refresh();
  const answerable = live.answerer.ask(probe.question).hits[0]?.case.unit === probe.unit;
  result.uploadMs = performance.now() - t;
  result.uploadAnswerable = answerable ? "yes" : "no";
  asking = false;
  result.duringP99 = pct(during, 99);
  result.waitedP99 = pct(waited, 99);
  result.waitedMax = Math.max(...waited);
  result.duringCount = during.length;
  result.idleP99ForUpload = result.p99!;
  await collection.removeDocument(report.file);
  await live.refresh();
}
await live.stop();
process.stdout.write(JSON.stringify(result) + "\n");
