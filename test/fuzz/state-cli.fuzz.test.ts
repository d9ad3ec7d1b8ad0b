// @module-tag slow (npm test leaves it out; npm run fuzz, npm run test:full and CI run it): a fuzz campaign
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Answerer } from "../../src/answer/types.ts";
import type { CaseLibrary } from "../../src/corpus/types.ts";
import { askJson } from "../../src/cli/ask.ts";
import { inputLines } from "../../src/cli/lines.ts";
import { StateFileError } from "../../src/errors.ts";
import { recordProblem } from "../../src/store/schemas.ts";
import { openStateStore } from "../../src/store/state-store.ts";
import { COLLECTIONS } from "../../src/store/tracking.ts";
import { answererFor } from "../support/services.ts";
import { testLibrary } from "../support/telegram-harness.ts";
import { FUZZ_PARAMS, hostileText } from "./fuzz-support.ts";

let library: CaseLibrary;
let answerer: Answerer;
beforeAll(async () => {
  library = await testLibrary();
  answerer = answererFor(library);
});

describe("fuzz: CLI lines", () => {
  it("ask --json: one parseable JSON line per input line, whatever the bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileText().map((t) => t.replace(/\n/g, " ")), { minLength: 1, maxLength: 4 }), fc.constantFrom("\n", "\r\n"), async (lines, eol) => {
        const got: string[] = [];
        for await (const line of inputLines(Readable.from([Buffer.from(lines.join(eol) + eol)]))) got.push(JSON.stringify(askJson(answerer, library, line)));
        expect(got).toHaveLength(lines.length);
        for (const out of got) {
          expect(out.includes("\n")).toBe(false);
          expect(typeof (JSON.parse(out) as { query: unknown }).query).toBe("string");
        }
      }),
      FUZZ_PARAMS,
    );
  });
});

const SECRET = "123456789:AAFakeTokenForTests_abcdefghijklmnopqr";
const record = fc.oneof(fc.constant(null), fc.anything({ maxDepth: 2 }), fc.record({ platform: fc.string(), chatId: fc.string(), type: fc.constantFrom("private", "group", "x"), active: fc.boolean(), firstSeen: fc.string(), updatedAt: fc.string() }));
const stateText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.json({ maxDepth: 3 }),
  fc.record({ version: fc.constantFrom(1, undefined, 2), chats: fc.dictionary(fc.string({ maxLength: 6 }), record, { maxKeys: 3 }), subscriptions: fc.dictionary(fc.string({ maxLength: 6 }), record, { maxKeys: 3 }), outbox: fc.oneof(fc.constant([]), fc.dictionary(fc.string({ maxLength: 6 }), record, { maxKeys: 2 })) }).map((v) => JSON.stringify(v)),
);

describe("fuzz: state files", () => {
  it("a state file opens with every record valid, or is refused with StateFileError; nothing else", async () => {
    await fc.assert(
      fc.asyncProperty(stateText, fc.option(fc.string({ unit: "binary", maxLength: 60 }), { nil: undefined }), async (text, journal) => {
        const dir = mkdtempSync(join(tmpdir(), "casebot-fuzz-state-"));
        const file = join(dir, "db.json");
        writeFileSync(file, text);
        if (journal !== undefined) writeFileSync(`${file}.changes`, journal);
        let store;
        try {
          store = await openStateStore(file, { now: () => new Date(0) });
        } catch (err) {
          expect(err).toBeInstanceOf(StateFileError);
          return;
        }
        for (const c of COLLECTIONS) for (const r of Object.values(store.data[c] as Record<string, unknown>)) expect(recordProblem(c, r)).toBeUndefined();
        // It keeps working: a change is written and a second open sees it.
        await store.change((s) => void (s.chats["fuzz:1"] = { platform: "fuzz", chatId: "1", type: "group", active: true, firstSeen: "t", updatedAt: "t" }));
        expect((await openStateStore(file)).data.chats["fuzz:1"]?.chatId).toBe("1");
        expect(JSON.stringify(store.data)).not.toContain(SECRET);
      }),
      FUZZ_PARAMS,
    );
  });
});
