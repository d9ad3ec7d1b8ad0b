import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyCorrections } from "../../src/corpus/corrections/apply.ts";
import { parseEdit, resolveEdit } from "../../src/corpus/corrections/edit.ts";
import { listPassages } from "../../src/corpus/corrections/passages.ts";
import type { Correction } from "../../src/corpus/corrections/types.ts";
import { defaultGazetteer } from "../../src/corpus/gazetteer.ts";
import { parseArticle } from "../../src/corpus/parse.ts";
import { UserInputError } from "../../src/errors.ts";
import { NEWSLETTER } from "../corrections.fixture.ts";
import { FUZZ_PARAMS, hostileText } from "./fuzz-support.ts";

const article = parseArticle({ text: NEWSLETTER, sourceFile: "桐川简报.md" });
const NOW = new Date("2026-03-02T09:30:00.000Z");
const passageTexts = (a: typeof article) => listPassages(a).map((p) => p.text).sort();

const UNITS = ["柳湾镇人大主席团", "石岭", "石岭街道人大工委", "枣林社区代表联络站", "桐川县人大常委会", "柳湾镇人大", "未归属", "-"];
const unit = () => fc.oneof(fc.constantFrom(...UNITS), hostileText().map((t) => t.trim().split(/\s+/)[0] ?? ""));
const passage = () => fc.oneof(fc.integer({ min: 0, max: 7 }).map(String), fc.constantFrom("［3］", "1-5", "2,4", "5-1", "今年以来", "各地要", "代表"));

/** What an editor (or a slip of the keyboard) types after 更正 <文章>: mostly well-formed, some not. */
const command = (): fc.Arbitrary<string[]> =>
  fc.oneof(
    fc.tuple(fc.constantFrom("移动", "move"), passage(), unit()),
    fc.tuple(fc.constantFrom("改名", "rename"), unit(), unit()),
    fc.tuple(fc.constantFrom("合并", "merge"), unit(), unit()),
    fc.tuple(fc.constantFrom("撤销", "undo"), fc.integer({ min: 0, max: 4 }).map(String)),
    fc.array(fc.oneof(fc.constantFrom("改名", "合并", "移动", "撤销", "查看"), unit(), passage()), { maxLength: 5 }),
  );

describe("fuzz: corrections", () => {
  it("any words: a correction or a UserInputError; applied, no passage is lost or doubled and case ids stay unique", () => {
    fc.assert(
      fc.property(fc.array(command(), { minLength: 1, maxLength: 6 }), (commands) => {
        let corrections: Correction[] = [];
        let current = article;
        for (const words of commands) {
          try {
            const edit = parseEdit(words.filter(Boolean));
            if (edit.kind === "list") continue;
            corrections = resolveEdit(current, corrections, edit, { by: "fuzz", now: NOW }).corrections;
          } catch (err) {
            expect(err).toBeInstanceOf(UserInputError);
            continue;
          }
          current = applyCorrections(article, corrections, defaultGazetteer());
          expect(passageTexts(current)).toEqual(passageTexts(article));
          expect(new Set(current.cases.map((c) => c.id)).size).toBe(current.cases.length);
          expect(current.cases.filter((c) => !c.unit).length).toBeLessThanOrEqual(1);
          expect(current.report.corrections ?? []).toHaveLength(corrections.length);
        }
      }),
      FUZZ_PARAMS,
    );
  });
});
