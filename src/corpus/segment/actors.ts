import type { Gazetteer } from "../gazetteer.ts";
import { findUnitMentions, innermost, placeSuffix, placeText, readPlaceBefore, type PlaceLink, type UnitMention } from "../units.ts";

/**
 * Everything in a sentence that can name who acted. A 人大 body (柘溪县人大常委会), a station
 * (相公庄镇人大代表联络站), a place's party or government organ (章丘区委, 县政府), a place written
 * bare (相公庄镇, 济南市历下区), or a reference that only the document can resolve (该县, 我省,
 * 自治区人大常委会, 济南市各区人大). Which of them is the subject, and whom a reference means, is
 * decided later (subjects.ts, context.ts).
 */
export type ActorKind = "body" | "station" | "organ" | "place" | "ref";

export interface Actor {
  kind: ActorKind;
  start: number;
  end: number;
  text: string;
  /** The named unit: a body or station with its place, or a place alone (body ""). Absent for refs. */
  unit?: UnitMention;
  /** A reference to be resolved against the document (kind "ref"). */
  ref?: Reference;
}

/**
 * 该县 / 该县人大常委会 ("this"), 我省 / 本区 / 全市 ("our"), 县人大常委会 written alone ("bare"),
 * 各区人大 / 两县人大常委会 ("plural": no one unit, unless a place stands before it).
 */
export interface Reference {
  kind: "this" | "our" | "bare" | "plural";
  /** The level word: 县, 区, 市, 省, 自治区, 州, 镇, 乡, 街道, 旗; "" for 人大常委会 alone. */
  suffix: string;
  /** The body after it (人大常委会, 人大主席团), or "" for the area (该县, 我省). */
  body: string;
  committee: string;
  /** 济南市各区人大: the place the plural belongs to. */
  outer?: PlaceLink[];
  /** The reference as written. */
  written: string;
}

const REF_WORD = /(该|我|本|全)(自治区|自治州|自治县|街道|省|市|县|区|州|镇|乡|旗)/g;
const PLURAL = /(?:各|两|三|四|五|六|七|八|九|十|几|多|相关|有关|部分|所有|其他|其它|全体|[省市县区乡镇街])$/;
/** A place's own organs: 章丘区委, 平阴县人民政府, 某镇党委 (the place acted, not its 人大). */
const ORGAN = /^(?:委(?!员)|党委|党工委|人民政府|政府)/;
/** A place followed by these is described, not acting: 历下区一处小区, 平阴县籍, 某县境内. */
const PLACE_AS_MODIFIER =
  new RegExp(
    String.raw`^(?:的|之|籍|境内|辖区|辖内|城区|一处|一名|一位|一个|某|居民|群众|村民|人口|面积|地处|位于|人大代表|代表(?!工委|联络|之家|团)|(?:财经|师范|理工|农业|医科|科技|工业|交通)?(?:大学|学院)|日报|晚报|电视台|广播|` +
    String.raw`卫视|新闻|融媒|路|大道|大街|巷|广场|公园|商圈)`,
  );

const STATION_BODY = /(?:站|室|点|之家|中心)$/;

export interface ActorFinder {
  /** Actors in `text`, in order, not overlapping (a body wins over the place inside it). */
  actors(text: string): Actor[];
  /**
   * Who a page's own line (source, byline, site, footer) names: its actors, and places written
   * the way mastheads and sites write them, without a level (平阴人大网, 山东日报, 某某新闻网).
   * Only those with a body (a 人大) say whose page it is; the rest say where it is.
   */
  owners(text: string): Actor[];
}

/** How mastheads, sites and datelines write a place: 某某人大, 某某日报, 某某新闻网, 某某报道. */
const MASTHEAD = /([\u4e00-\u9fff]{2,5}?)(人大|日报|晚报|新闻网|新闻|电视台|广播电视台|融媒体中心|融媒|发布|报道|讯|网)/g;

/**
 * `known` confirms a place name (the gazetteer, or the document writing it as a unit elsewhere).
 * A bare place in running text needs that confirmation and a name of two characters or more
 * (社区, 城区, 新县 are words before they are places).
 */
export function createActorFinder(gazetteer: Gazetteer, known: (place: string) => boolean): ActorFinder {
  const bareKnown = (place: string) => {
    const s = placeSuffix(place);
    return s !== undefined && place.length - s.length >= 2 && known(place);
  };
  const finder: ActorFinder = {
    owners(text) {
      const out = finder.actors(text);
      for (const m of text.matchAll(MASTHEAD)) {
        const start = m.index;
        const end = start + m[1]!.length;
        if (overlaps(out, start, end)) continue;
        const place = placeByName(m[1]!, gazetteer);
        if (!place) continue;
        const unit: UnitMention = { text: m[1]!, start, end, place: [place], body: m[2] === "人大" ? "人大" : "", committee: "", delimited: true };
        out.push({ kind: unit.body ? "body" : "place", start, end: unit.body ? end + 2 : end, text: m[0], unit });
      }
      return out.sort((a, b) => a.start - b.start);
    },
    actors(text) {
      const out: Actor[] = [];
      for (const m of findUnitMentions(text, known)) {
        if (!m.delimited && m.place.length && !known(innermost(m))) continue;
        // 居民区代表联系点, 村（社区）代表联络站: a station is named by a place someone confirms.
        if (STATION_BODY.test(m.body) && !m.place.some((l) => known(l.name + l.suffix))) continue;
        out.push(
          m.place.length
            ? { kind: STATION_BODY.test(m.body) ? "station" : "body", start: m.start, end: m.end, text: m.text, unit: m }
            : refActor(text, m),
        );
      }
      for (const r of text.matchAll(REF_WORD)) {
        const start = r.index;
        if (overlaps(out, start, start + r[0].length)) continue;
        const kind = r[1] === "该" ? "this" : "our";
        out.push({ kind: "ref", start, end: start + r[0].length, text: r[0], ref: { kind, suffix: r[2]!, body: "", committee: "", written: r[0] } });
      }
      for (const p of [...barePlaces(text, bareKnown), ...shortNames(text, gazetteer)]) {
        if (overlaps(out, p.start, p.end)) continue;
        const organ = ORGAN.exec(text.slice(p.end));
        if (!organ && PLACE_AS_MODIFIER.test(text.slice(p.end))) continue;
        out.push({ kind: organ ? "organ" : "place", start: p.start, end: p.end, text: text.slice(p.start, p.end), unit: p });
      }
      void gazetteer;
      out.sort((a, b) => a.start - b.start);
      // 该县某镇, 我区某街道: the reference only places what follows it, which is the actor.
      return out.flatMap((a, i) => {
        const next = out[i + 1];
        if (a.kind === "ref" && !a.ref!.body && next?.start === a.end && next.kind !== "ref") return [];
        const prev = out[i - 1];
        if (prev?.kind === "ref" && !prev.ref!.body && prev.end === a.start && a.kind !== "ref") return [{ ...a, start: prev.start, text: prev.text + a.text }];
        return [a];
      });
    },
  };
  return finder;
}

/** 山东 → 山东省, 平阴 → 平阴县: a place written without its level, when only one fits. */
function placeByName(name: string, gazetteer: Gazetteer): PlaceLink | undefined {
  const short = gazetteer.byShortName(name);
  const full = short.find((p) => p.level === "province") ?? short[0];
  const fits = full ? [full.name] : [...new Set(["县", "市", "区", "旗", "新区", "自治县"].map((s) => name + s).filter((n) => gazetteer.has(n)))];
  if (fits.length !== 1) return undefined;
  const suffix = placeSuffix(fits[0]!);
  return suffix ? { name: fits[0]!.slice(0, -suffix.length), suffix } : undefined;
}

function overlaps(list: readonly Actor[], start: number, end: number): boolean {
  return list.some((a) => start < a.end && a.start < end);
}

/** 县人大常委会 written without a name: what stands before it says whom it means. */
function refActor(text: string, m: UnitMention): Actor {
  const at = m.text.indexOf("人");
  const suffix = at > 0 ? m.text.slice(0, at) : "";
  const body = m.body;
  const before = text.slice(Math.max(0, m.start - 4), m.start);
  const quant = /(该|我|本|全)$/.exec(before)?.[1] ?? PLURAL.exec(before)?.[0] ?? "";
  const kind: Reference["kind"] = quant === "该" ? "this" : quant === "我" || quant === "本" || quant === "全" ? "our" : quant ? "plural" : "bare";
  const start = m.start - quant.length;
  const outer = kind === "plural" ? readPlaceBefore(text, start) : undefined;
  const from = outer?.length ? start - outer.reduce((n, l) => n + l.name.length + l.suffix.length, 0) : start;
  const written = text.slice(from, m.end);
  const ref = { kind, suffix, body, committee: m.committee, outer: outer?.length ? outer : undefined, written };
  return { kind: "ref", start: from, end: m.end, text: written, ref };
}

/**
 * Provinces and prefecture cities by the short name people write at the head of a clause
 * (山东建立…, 。山西作出…): only there, since in running text such names are often words.
 */
function shortNames(text: string, gazetteer: Gazetteer): UnitMention[] {
  const out: UnitMention[] = [];
  for (let at = 0; at < text.length; at++) {
    if (at > 0 && HAN.test(text[at - 1]!)) continue;
    for (let len = 4; len >= 2; len--) {
      const head = text.slice(at, at + len);
      const hits = gazetteer.byShortName(head);
      if (!hits.length || placeSuffix(text.slice(at, at + len + 3)) !== undefined && /^[省市区州县]/.test(text.slice(at + len))) continue;
      const full = hits.find((p) => p.level === "province") ?? hits[0]!;
      const suffix = placeSuffix(full.name)!;
      const place = [{ name: full.name.slice(0, -suffix.length), suffix }];
      out.push({ text: head, start: at, end: at + len, place, body: "", committee: "", delimited: true });
      break;
    }
  }
  return out;
}

const HAN = /[\u4e00-\u9fff]/;

/** Places written without a body, each confirmed by `known`: 相公庄镇, 济南市历下区, 平阴县玫瑰镇. */
function barePlaces(text: string, known: (place: string) => boolean): UnitMention[] {
  const out: UnitMention[] = [];
  for (let end = text.length; end > 0; end--) {
    const links = readPlaceBefore(text, end, known);
    if (!links?.length || !known(innermost({ place: links }))) continue;
    const length = links.reduce((n, l) => n + l.name.length + l.suffix.length, 0);
    const start = end - length;
    // Keep the longest chain ending here; chains found further right were read first.
    if (out.some((p) => p.start <= start && end <= p.end)) continue;
    out.push({ text: text.slice(start, end), start, end, place: links, body: "", committee: "", delimited: true });
  }
  out.reverse();
  // 历下区的泉城路街道: one place, written with 的 between its links (the inner name as
  // written, even where the gazetteer knows it shorter).
  for (let i = out.length - 1; i > 0; i--) {
    const [a, b] = [out[i - 1]!, out[i]!];
    const gap = text.slice(a.end + 1, b.start);
    if (text[a.end] !== "的" || !/^[\u4e00-\u9fff]{0,4}$/.test(gap)) continue;
    const inner = { ...b.place[b.place.length - 1]!, name: gap + b.place[b.place.length - 1]!.name };
    out.splice(i - 1, 2, { ...b, text: placeText({ place: [...a.place, inner] }), start: a.start, place: [...a.place, inner] });
  }
  return out;
}
