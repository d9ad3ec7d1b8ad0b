import { UserInputError } from "../../errors.ts";
import { EDIT_TEXT } from "../../messages/corrections.ts";
import { defaultGazetteer } from "../gazetteer.ts";
import type { Article, Case } from "../types.ts";
import { describeCorrection } from "./describe.ts";
import { firstWords, listPassages, normalisePassage, passageRef, type ListedPassage } from "./passages.ts";
import { MAX_CORRECTIONS, type Correction, type PassageRef, type UnitRef } from "./types.ts";
import { unitOfName } from "./unit-name.ts";

/**
 * The editors' correction grammar, one for the CLI (`correct <文章> …`) and the chat (`更正 <文章>
 * …`): parsed from words, resolved against the article as the library has it now (numbers and
 * names as the latest report shows them), and stored as corrections that name units by key and
 * passages by their text — never by number — so they survive re-ingest and parser upgrades.
 */
export type Edit =
  | { kind: "list" }
  | { kind: "rename"; unit: string; to: string }
  | { kind: "merge"; unit: string; into: string }
  | { kind: "move"; passages: string[]; to: string }
  | { kind: "undo"; numbers: string[] };

const VERBS: Readonly<Record<string, Edit["kind"]>> = {
  list: "list", 查看: "list", 列表: "list",
  rename: "rename", 改名: "rename", 重命名: "rename",
  merge: "merge", 合并: "merge", 并入: "merge",
  move: "move", 移动: "move", 移到: "move",
  undo: "undo", 撤销: "undo", 取消: "undo",
};

/** Words that name no unit: the article's own text. */
const NONE_WORDS = new Set(["-", "无", "未归属", "不归属", "无单位"]);
const NO_UNIT = { has: (word: string) => NONE_WORDS.has(word.normalize("NFKC")) };

/** Words after the document → an edit; throws UserInputError with what is missing. */
export function parseEdit(words: readonly string[]): Edit {
  const [verb, ...rest] = words;
  if (verb === undefined) return { kind: "list" };
  const kind = VERBS[verb.toLowerCase()];
  if (!kind) throw new UserInputError(EDIT_TEXT.unknownVerb(verb));
  switch (kind) {
    case "list":
      return { kind };
    case "rename":
      if (rest.length !== 2) throw new UserInputError(EDIT_TEXT.needs("改名", EDIT_TEXT.renameNeeds));
      return { kind, unit: rest[0]!, to: rest[1]! };
    case "merge":
      if (rest.length !== 2) throw new UserInputError(EDIT_TEXT.needs("合并", EDIT_TEXT.mergeNeeds));
      return { kind, unit: rest[0]!, into: rest[1]! };
    case "move":
      if (rest.length < 2) throw new UserInputError(EDIT_TEXT.needs("移动", EDIT_TEXT.moveNeeds));
      return { kind, passages: rest.slice(0, -1), to: rest.at(-1)! };
    case "undo":
      if (rest.length === 0) throw new UserInputError(EDIT_TEXT.needs("撤销", EDIT_TEXT.undoNeeds));
      return { kind, numbers: rest };
  }
}

/** Who and when, stored with each correction. */
export interface EditAuthor {
  by: string;
  now: Date;
}

/** An edit (not `list`) resolved against the article: the corrections to store, and what to tell the editor. */
export function resolveEdit(
  article: Article,
  existing: readonly Correction[],
  edit: Exclude<Edit, { kind: "list" }>,
  author: EditAuthor,
): { corrections: Correction[]; said: string[] } {
  const made = { at: author.now.toISOString(), by: author.by };
  const add = (...more: Correction[]) => {
    if (existing.length + more.length > MAX_CORRECTIONS) throw new UserInputError(EDIT_TEXT.tooMany(MAX_CORRECTIONS));
    return { corrections: [...existing, ...more], said: more.map((c) => EDIT_TEXT.done(describeCorrection(c))) };
  };
  switch (edit.kind) {
    case "rename": {
      const to = newName(edit.to);
      const unit = unitRef(article, edit.unit);
      return add({ op: "rename", unit, to, ...(unit === null && { passages: ownPassages(article) }), ...made });
    }
    case "merge": {
      const into = NO_UNIT.has(edit.into) ? null : findUnitRef(article, edit.into);
      if (into === undefined) throw new UserInputError(EDIT_TEXT.mergeNeedsUnit(edit.into));
      const unit = unitRef(article, edit.unit);
      return add({ op: "merge", unit, into, ...(unit === null && { passages: ownPassages(article) }), ...made });
    }
    case "move": {
      const to = NO_UNIT.has(edit.to) ? null : (findUnitRef(article, edit.to) ?? newUnitRef(edit.to));
      return add(...passagesOf(article, edit.passages).map((p): Correction => ({ op: "move", passage: passageRef(p.text), to, ...made })));
    }
    case "undo": {
      const drop = new Set(
        expandNumbers(edit.numbers).map((n) => {
          const i = Number(n);
          if (!Number.isInteger(i) || i < 1 || i > existing.length) throw new UserInputError(EDIT_TEXT.noSuchCorrection(n, existing.length));
          return i - 1;
        }),
      );
      return {
        corrections: existing.filter((_, i) => !drop.has(i)),
        said: [...drop].sort((a, b) => a - b).map((i) => EDIT_TEXT.undone(describeCorrection(existing[i]!))),
      };
    }
  }
}

/** A unit of the article by name, key, case id or place (unique substring last); `null` for the article's own text. */
function unitRef(article: Article, q: string): UnitRef | null {
  if (NO_UNIT.has(q)) return null;
  const found = findUnitRef(article, q);
  if (found) return found;
  throw new UserInputError(EDIT_TEXT.noSuchUnit(q, unitsOf(article).map((c) => c.unit)));
}

function findUnitRef(article: Article, typed: string): UnitRef | undefined {
  const units = unitsOf(article);
  // NFKC: what chat showed full-width (markdown's own characters) is typed back as it was shown.
  const q = typed.normalize("NFKC");
  const lower = q.toLowerCase();
  const name = (c: Case) => c.unit.normalize("NFKC");
  for (const match of [(c: Case) => c.id === lower || name(c) === q || c.unitKey === q, (c: Case) => c.place === q, (c: Case) => name(c).includes(q)]) {
    const found = units.filter(match);
    if (found.length === 1) return { key: found[0]!.unitKey, name: found[0]!.unit };
    if (found.length > 1) throw new UserInputError(EDIT_TEXT.ambiguousUnit(q, found.map((c) => c.unit)));
  }
  // The same unit under another form of its name (洞口县人大 for 洞口县人大常委会).
  const key = unitOfName(q, defaultGazetteer()).key;
  const same = units.find((c) => c.unitKey === key);
  return same ? { key: same.unitKey, name: same.unit } : undefined;
}

const unitsOf = (article: Article) => article.cases.filter((c) => c.unit);

/** The article's own text as the editor sees it now; refused when there is none. */
function ownPassages(article: Article): PassageRef[] {
  const own = article.cases.find((c) => !c.unit);
  const texts = own ? [own.lead, ...own.paragraphs.map((p) => p.text)].filter(Boolean) : [];
  if (texts.length === 0) throw new UserInputError(EDIT_TEXT.noOwnText);
  return texts.map(passageRef);
}

function newName(raw: string): string {
  const name = raw.trim();
  const length = Array.from(name).length;
  if (length < 2 || length > 40 || /[\p{Cc}\p{Cf}<>{}[\]|\\]/u.test(name) || !/\p{L}/u.test(name)) throw new UserInputError(EDIT_TEXT.badName);
  return name;
}

function newUnitRef(raw: string): UnitRef {
  const name = newName(raw);
  return { key: unitOfName(name, defaultGazetteer()).key, name };
}

/** `3` `3,5` `3-5` `[3]` → numbers as written; anything else is the start of a passage's text. */
function expandNumbers(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const part of words.flatMap((w) => w.normalize("NFKC").split(/[,，、]/)).map((w) => w.replace(/^[[【]|[\]】]$/g, "")).filter(Boolean)) {
    const range = /^(\d{1,4})[-~～—至到](\d{1,4})$/.exec(part);
    if (range && Number(range[2]) >= Number(range[1]) && Number(range[2]) - Number(range[1]) < 200) {
      for (let n = Number(range[1]); n <= Number(range[2]); n++) out.push(String(n));
    } else out.push(part);
  }
  return out;
}

function passagesOf(article: Article, words: readonly string[]): ListedPassage[] {
  const listed = listPassages(article);
  const numbers = expandNumbers(words);
  if (numbers.every((n) => /^\d+$/.test(n))) {
    return [...new Set(numbers)].map((n) => {
      const p = listed.find((x) => x.n === Number(n));
      if (!p) throw new UserInputError(EDIT_TEXT.noSuchPassage(n, listed.length));
      return p;
    });
  }
  // Text: the passage that starts with it, else the one that contains it.
  const start = normalisePassage(words.join(""));
  const shown = firstWords(words.join(" "));
  for (const test of [(t: string) => t.startsWith(start), (t: string) => t.includes(start)]) {
    const found = listed.filter((p) => test(normalisePassage(p.text)));
    if (found.length === 1) return found;
    if (found.length > 1) throw new UserInputError(EDIT_TEXT.ambiguousPassage(shown, found.length));
  }
  throw new UserInputError(EDIT_TEXT.noPassageStarting(shown));
}

