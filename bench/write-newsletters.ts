/**
 * Writes synthetic newsletters (test/support/newsletters.ts) for a scale check through the CLI:
 *   node --import tsx/esm bench/write-newsletters.ts <dir> <count> [seed] [questions]
 * <dir>/questions.jsonl gets one {q, unit, practice} per line for the first [questions] units
 * (default 2,000), spread evenly over the corpus.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { syntheticNewsletters, type SyntheticUnit } from "../test/support/newsletters.ts";

const [dir, countArg, seedArg, questionsArg] = process.argv.slice(2);
if (!dir || !countArg) {
  console.error("usage: bench/write-newsletters.ts <dir> <count> [seed] [questions]");
  process.exit(2);
}
const count = Number(countArg);
const wanted = Number(questionsArg ?? 2000);
const docs = join(dir, "newsletters");
mkdirSync(docs, { recursive: true });
const every = Math.max(1, Math.floor((count * 5) / wanted));
const questions: SyntheticUnit[] = [];
let i = 0;
for (const n of syntheticNewsletters(count, Number(seedArg ?? 1))) {
  writeFileSync(join(docs, n.fileName), n.text);
  for (const u of n.units) if (i++ % every === 0 && questions.length < wanted) questions.push(u);
}
writeFileSync(join(dir, "questions.jsonl"), questions.map((u) => JSON.stringify({ q: u.question, unit: u.unit, practice: u.practice })).join("\n") + "\n");
console.log(`${count} newsletters in ${docs}, ${questions.length} questions in ${join(dir, "questions.jsonl")}`);
