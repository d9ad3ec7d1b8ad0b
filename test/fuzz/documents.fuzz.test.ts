// @module-tag slow (npm test leaves it out; npm run fuzz, npm run test:full and CI run it): a fuzz campaign
/**
 * Documents as a hostile editor or a broken exporter sends them (issue 17): random bytes under a
 * document's name, and real .docx, .pdf and .html files truncated, with bytes flipped, or with
 * random bytes spliced in. Each is read as the bot reads it (extraction, then parsing), under
 * shrunk limits. Whatever the bytes: no error but a refusal escapes (an UnreadableDocumentError,
 * whose message tells the editor what happened, in Chinese), or a document comes back; and the
 * reading ends within a bound.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { UnreadableDocumentError } from "../../src/corpus/extract/errors.ts";
import { extractDocument } from "../../src/corpus/extract/index.ts";
import type { ExtractLimits } from "../../src/corpus/extract/limits.ts";
import { readJob } from "../../src/corpus/reading.ts";
import { fixture } from "../extract.support.ts";
import { docxBomb, nestedHtml, pdfWithContent } from "../support/hostile-docs.ts";
import { CAMPAIGN, FUZZ_PARAMS } from "./fuzz-support.ts";

const MB = 1024 * 1024;
/** Far below the defaults, so a mutation that inflates is refused quickly. */
const LIMITS: Partial<ExtractLimits> = { zipEntryBytes: 4 * MB, zipTotalBytes: 8 * MB, pdfStreamBytes: 4 * MB, pdfInflatedBytes: 8 * MB, pdfTextItems: 50_000, pdfPages: 20, htmlBytes: 2 * MB, htmlDepth: 500, htmlElements: 20_000, paragraphs: 5_000 };
/** Generous for a loaded 2-core machine: a hang, not a slow read, is what this catches. */
const BOUND_MS = 15_000;

/** A one-page PDF with a standard font: the suite's PDF seed (the real newsletter, with its CJK CMaps, takes half a second a read). */
const smallPdf = () =>
  pdfWithContent({ head: "BT /F1 16 Tf 72 760 Td (Newsletter title) Tj ET\n", repeat: "BT /F1 10 Tf 72 700 Td (A paragraph of body text, long enough to read.) Tj ET\n", times: 3, tail: "BT /F1 10 Tf 72 640 Td (The end.) Tj ET\n" });

const SEEDS: Record<string, () => Promise<Uint8Array> | Uint8Array> = {
  docx: () => fixture("heading-styles.docx"),
  pdf: () => (CAMPAIGN ? fixture("newsletter.pdf") : smallPdf()),
  html: () => fixture("wechat.html"),
};
const seeds: Record<string, Uint8Array> = {};
let bomb: Uint8Array;
beforeAll(async () => {
  for (const [ext, load] of Object.entries(SEEDS)) seeds[ext] = await load();
  bomb = await docxBomb(6 * MB);
  // pdf.js's thread starts once, here: its seconds of loading are no property's time budget.
  await extractDocument(seeds.pdf!, { fileName: "warm.pdf" });
}, 60_000);

type Outcome = { kind: "document"; blocks: number } | { kind: "refused"; userMessage: string };

async function readBounded(bytes: Uint8Array, file: string): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${file}: reading took over ${BOUND_MS} ms`)), BOUND_MS)));
  try {
    const reading = readJob({ bytes, file, mtimeMs: 0, limits: LIMITS }, extractDocument).then(
      (r): Outcome => ({ kind: "document", blocks: r.doc.blocks.length }),
      (err: unknown): Outcome => {
        // Anything but a refusal is a bug escaping.
        if (!(err instanceof UnreadableDocumentError)) throw err;
        return { kind: "refused", userMessage: err.userMessage };
      },
    );
    return await Promise.race([reading, bound]);
  } finally {
    clearTimeout(timer);
  }
}

function expectClear(o: Outcome): void {
  if (o.kind === "document") expect(o.blocks).toBeGreaterThan(0);
  // A refusal says what happened in Chinese, in a sentence.
  else expect(o.userMessage).toMatch(/[\u4e00-\u9fff].*。/u);
}

/** A seed changed as a broken transfer or a hostile hand would: cut short, bytes flipped, junk spliced in. */
const mutation = (seedLength: number): fc.Arbitrary<Mutation> =>
  fc.oneof<fc.Arbitrary<Mutation>[]>(
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat({ max: seedLength }) }),
    fc.record({ kind: fc.constant("flip" as const), flips: fc.array(fc.tuple(fc.nat({ max: seedLength - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 40 }) }),
    fc.record({ kind: fc.constant("splice" as const), at: fc.nat({ max: seedLength }), junk: fc.uint8Array({ minLength: 1, maxLength: 512 }) }),
  );

type Mutation = { kind: "truncate"; at: number } | { kind: "flip"; flips: Array<[number, number]> } | { kind: "splice"; at: number; junk: Uint8Array };

function mutate(seed: Uint8Array, m: Mutation): Uint8Array {
  if (m.kind === "truncate") return seed.slice(0, m.at);
  if (m.kind === "splice") return new Uint8Array([...seed.subarray(0, m.at), ...m.junk, ...seed.subarray(m.at)]);
  const out = seed.slice();
  for (const [at, x] of m.flips) out[at]! ^= x;
  return out;
}

describe("fuzz: documents", () => {
  it("random bytes under any document name: a refusal or a document, never another error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom("x.docx", "x.pdf", "x.html", "x.htm", "x.txt", "x.md"), async (bytes, file) => {
        expectClear(await readBounded(bytes, file));
      }),
      FUZZ_PARAMS,
    );
  });

  for (const ext of Object.keys(SEEDS)) {
    it(`a real .${ext} truncated, flipped or spliced: a refusal or a document, within the bound`, async () => {
      const seed = seeds[ext]!;
      await fc.assert(
        fc.asyncProperty(mutation(seed.length), async (m) => {
          expectClear(await readBounded(mutate(seed, m), `mutated.${ext}`));
        }),
        FUZZ_PARAMS,
      );
    });
  }

  it("a Word bomb or a deep page, mutated, is still refused or read, never more", async () => {
    const deep = new TextEncoder().encode(nestedHtml(2000));
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 255 }), async (word, at, x) => {
        const seed = word ? bomb : deep;
        const out = seed.slice();
        out[at % out.length]! ^= x;
        expectClear(await readBounded(out, word ? "bomb.docx" : "deep.html"));
      }),
      FUZZ_PARAMS,
    );
  });
});
