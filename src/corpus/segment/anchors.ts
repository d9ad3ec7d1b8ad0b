import type { Block } from "../blocks.ts";
import { numberingOf } from "../refine/headings.ts";
import type { UnitMention } from "../units.ts";
import type { UnitResolver } from "./resolver.ts";
import type { RuleName } from "./types.ts";

export type { RuleName } from "./types.ts";

/** A block that names the unit of the text around it, and how. */
export interface Anchor {
  rule: RuleName;
  unit: UnitMention;
  /** The headline written on the same line ("" when the line has none). */
  headline: string;
  /** colon-paragraph: the paragraph's own text after `unit：`. */
  rest?: string;
}

const MARKERS = /^[\s◆◇▶►▷★☆●○■□•·▪▫◎※>》\-－]*/;
const DASH = /\s*(?:——|－－|—|--|─{1,2})\s*/;
const UNIT_LABEL = /单位|名称/;
const TRAILER_LABELS = /^(供稿|来源|署名|作者)$/;

/** The unit a block names, under the rule its shape implies; undefined for ordinary text. */
export function anchorOf(block: Block, r: UnitResolver): Anchor | undefined {
  switch (block.kind) {
    case "heading":
      return headingAnchor(stripMarkers(block.text), r);
    case "paragraph":
      return paragraphAnchor(stripMarkers(block.text), r, block.text.length <= 50 && !/[。；]/.test(block.text));
    case "field": {
      if (!UNIT_LABEL.test(block.label ?? "") || /案例|项目|品牌/.test(block.label ?? "")) return undefined;
      const unit = wholeUnit(block.text, r) ?? firstUnit(block.text, r) ?? r.asPlace(block.text);
      return unit ? { rule: "field", unit, headline: "" } : undefined;
    }
    case "meta": {
      if (!TRAILER_LABELS.test(block.label ?? "")) return undefined;
      const unit = firstUnit(block.text, r) ?? r.asPlace(block.text.replace(/[（）()]/g, ""));
      return unit ? { rule: block.label === "署名" ? "signature" : "trailer", unit, headline: "" } : undefined;
    }
    default:
      return undefined;
  }
}

function stripMarkers(text: string): string {
  const t = text.replace(MARKERS, "");
  const n = numberingOf(t);
  return (n ? t.slice(n.numbering.length) : t).trim();
}

function headingAnchor(t: string, r: UnitResolver): Anchor | undefined {
  const bracket = /^[【[]([^】\]]{2,30})[】\]]\s*[：:]?\s*(.*)$/.exec(t);
  if (bracket) {
    const unit = wholeUnit(bracket[1]!, r) ?? r.asPlace(bracket[1]!);
    if (unit) return { rule: "bracket", unit, headline: bracket[2]!.trim() };
  }
  const colon = colonSplit(t, r);
  if (colon) return { rule: "unit-colon", unit: colon.unit, headline: colon.rest };
  const dash = DASH.exec(t);
  if (dash && dash.index > 0) {
    const tail = t.slice(dash.index + dash[0].length);
    const unit = wholeUnit(tail, r);
    if (unit) return { rule: "dash-unit", unit, headline: t.slice(0, dash.index).trim() };
  }
  const whole = wholeUnit(t.replace(/[：:]$/, ""), r);
  return whole ? { rule: "unit-line", unit: whole, headline: "" } : undefined;
}

function paragraphAnchor(t: string, r: UnitResolver, short: boolean): Anchor | undefined {
  const colon = colonSplit(t, r);
  if (colon) {
    return short
      ? { rule: "unit-colon", unit: colon.unit, headline: colon.rest }
      : { rule: "colon-paragraph", unit: colon.unit, headline: "", rest: colon.rest };
  }
  return short ? headingAnchor(t, r) : undefined;
}

/** `unit：text` or `place：text` at the start of a line. */
function colonSplit(t: string, r: UnitResolver): { unit: UnitMention; rest: string } | undefined {
  const m = /^([^：:，。；、“”｜|丨]{2,32})\s*[：:｜|丨]\s*(.+)$/.exec(t);
  if (!m) return undefined;
  const unit = wholeUnit(m[1]!, r) ?? r.asPlace(m[1]!);
  return unit ? { unit, rest: m[2]!.trim() } : undefined;
}

/** The text is one unit's name and nothing else. */
export function wholeUnit(text: string, r: UnitResolver): UnitMention | undefined {
  const t = text.trim();
  const [m, ...more] = r.mentions(t);
  if (m && more.length === 0 && m.start === 0 && m.end === t.length && m.place.length > 0) return m;
  // 浦东人大, 城步人大常委会: a place written short, then its body (公众号 names and titles).
  const short = SHORT_BODY.exec(t);
  const place = short && !m ? r.asPlace(short[1]!) : undefined;
  return place ? { ...place, text: t, end: t.length, body: short![2]! } : undefined;
}
const SHORT_BODY = /^([\u4e00-\u9fff]{2,4})(人大(?:常委会|主席团|工委)?)$/;

function firstUnit(text: string, r: UnitResolver): UnitMention | undefined {
  return r.mentions(text).find((m) => m.place.length > 0);
}
