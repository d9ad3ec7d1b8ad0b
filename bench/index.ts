/**
 * `npm run bench [-- section…]`: runs every benchmark section (or the named ones) in one process
 * and prints their tables. A section is a module exporting a BenchSection (bench/types.ts); add it with one line
 * in SECTIONS below.
 */
import { digestBench } from "./digest.ts";
import { hostileBench } from "./hostile.ts";
import { libraryBench } from "./library.ts";
import { liveBench } from "./live.ts";
import { scaleBench } from "./scale.ts";
import { searchBench } from "./search.ts";
import { statsBench } from "./stats.ts";
import { stateBench } from "./state.ts";
import { telegramBench } from "./telegram.ts";
import type { BenchSection } from "./types.ts";

const SECTIONS: BenchSection[] = [
  searchBench,
  telegramBench,
  statsBench,
  digestBench,
  libraryBench,
  liveBench,
  stateBench,
];
/**
 * Run only when named (npm run bench -- scale / hostile): scale builds a 100,000-case corpus on its
 * first run; hostile generates gigabyte bombs and sends them to a running bot (issue 17's held-out check).
 */
const ON_REQUEST: BenchSection[] = [scaleBench, hostileBench];

const wanted = process.argv.slice(2);
const ALL = [...SECTIONS, ...ON_REQUEST];
const unknown = wanted.filter((w) => !ALL.some((s) => s.name === w));
if (unknown.length) {
  console.error(`unknown bench section(s): ${unknown.join(", ")}; available: ${ALL.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
const os = await import("node:os");
// Latency percentiles depend on what else the machine is doing; the load average says how busy it was.
const load = os.loadavg().map((l) => l.toFixed(1)).join(" ");
console.log(`casebot bench · node ${process.version} · ${os.cpus().length} CPUs · load average ${load} · ${new Date().toISOString()}`);
for (const section of wanted.length === 0 ? SECTIONS : ALL.filter((s) => wanted.includes(s.name))) {
  const t = performance.now();
  console.log(`\n=== ${section.name} ===`);
  await section.run();
  console.log(`(${section.name}: ${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
