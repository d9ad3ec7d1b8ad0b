import type { UnitLevel } from "./types.ts";

/**
 * Names of People's Congress bodies, recognised by grammar rather than by a list of names:
 * a place (one or more `name + administrative suffix` links: 柘溪县云杉镇, 大祥区城北路街道)
 * followed by the body (人大常委会, 人大主席团, 人大工委, or just 人大) and, after 常委会, an
 * optional committee (代表工委, 预算工委 …). See DESIGN.md for why the left edge of the place
 * needs evidence (a delimiter, the gazetteer, or another mention in the same document).
 */

/** Body suffixes after 人大/人民代表大会, longest first. */
const BODIES = [
  "常务委员会", "常委会", "主席团", "工作委员会", "工委", "代表工作委员会", "代表工委", "办公室", "工作室", "办",
] as const;
/**
 * Places where deputies meet the public, credited in their own right (XX镇人大代表联络站,
 * XX村人大代表联络室, XX区人大代表之家), with or without 人大 before them.
 */
export const STATIONS = [
  "代表联络中心站", "代表联络服务站", "代表联络工作站", "代表联络站", "代表联络室", "代表联络点", "代表之家", "代表工作站",
  "代表服务站", "代表活动室", "代表履职服务中心", "代表履职站", "代表驿站", "代表联系点", "基层立法联系点", "立法联系点", "基层立法联络站",
] as const;
const STATION_HEADS = new Set(STATIONS.map((s) => s[0]!));
const COMMITTEES = [
  "代表工作委员会", "代表联络工作委员会", "代表工委", "代表联络工委", "预算工作委员会", "预算工委", "法制工作委员会", "法工委",
  "财政经济委员会", "财经委", "财经工委", "社会建设委员会", "社会建设工委", "教科文卫委员会", "教科文卫工委", "农业农村委员会",
  "农业农村工委", "城建环保工委", "监察和司法委员会", "监察司法工委", "研究室", "办公室", "选举任免联络工委",
] as const;
/** What may follow a bare 人大 without it being the name of a body (人大代表, 人大工作 …). */
const NOT_A_BODY = /^(代表|工作(?!委员会)|系统|制度|会议|机关|干部|换届|选举|履职|职能|监督|立法|信访|宣传|理论|新闻|网|官网|公众号|之|和|与|及|、)/;

/** Administrative suffixes of a place name, longest first; the level each implies. */
const SUFFIXES: ReadonlyArray<readonly [string, PlaceSuffixLevel]> = [
  ["特别行政区", "province"], ["自治区", "province"], ["自治州", "city"], ["自治县", "county"], ["自治旗", "county"],
  ["经济开发区", "street"], ["经济技术开发区", "street"], ["高新技术产业开发区", "street"], ["开发区", "street"], ["高新区", "street"],
  ["新区", "county"], ["管理区", "county"], ["林区", "county"], ["特区", "county"], ["街道", "street"], ["苏木", "township"],
  ["省", "province"], ["市", "city"], ["州", "city"], ["盟", "city"], ["地区", "city"], ["县", "county"], ["区", "county"], ["旗", "county"],
  ["镇", "township"], ["乡", "township"],
];
type PlaceSuffixLevel = "province" | "city" | "county" | "township" | "street";
/** Below a township: only a station's place (沙塘村人大代表之家). */
const VILLAGE_SUFFIXES = ["社区", "村"] as const;

/** Characters a place name never starts with when it follows them in running text. */
const LEFT_STOP = new Set(Array.from("的在由被向对和与及并把将让经请为是以从到给同跟等了着各全本该我其此之于或且也还又都就则而即已曾所后个名位次年月日号届级赴"));
const MAX_NAME = 4;
/** Names the gazetteer confirms may be longer: 湘西土家族苗族自治州. */
const MAX_KNOWN_NAME = 10;
/** A term between a place and its body: 第十八届, 十八届. */
const TERM = /(?:第)?[一二三四五六七八九十百零〇\d]{1,4}届$/;
/** 某镇第十九届人民代表大会第三次会议: a session of the congress itself. */
const SESSION = /^第[一二三四五六七八九十百零〇\d]{1,4}次(?:会议|全体会议)/;
/** Words that open a phrase before a bare suffix (按照省…, 希望两县…, 相关区县…): never part of a name. */
const NOT_A_NAME =
  new RegExp(
    `^(?:${[
      "按照", "根据", "依照", "依据", "希望", "相关", "有关", "部分", "其他", "其它", "所有", "全体", "邀请", "组织", "带领", "推动", "督促", "指导", "联合", "会同", "召集", "协助", "配合",
      "支持", "要求", "推荐", "确定", "评出", "表彰", "命名", "授予", "走进", "来到", "前往", "深入", "走访", "视察", "调研", "考察", "学习", "借鉴", "观摩", "赴", "围绕", "依托", "提交",
      "报请", "提请", "报送", "明确", "建成", "建立", "设立", "成立", "推进", "加强", "深化", "落实", "完善", "健全", "开展", "实施", "发挥", "强化", "提升", "规范", "参加", "出席", "列席",
      "通过", "结合", "对照", "协调", "争取", "召开", "举办", "举行", "陪同", "联系", "服务", "助力", "接受", "听取", "审议",
    ].join("|")})`,
  );
/** Level words that make a compound, not a name: 乡镇, 县乡, 区县, 镇街. */
const LEVEL_CHARS = new Set(Array.from("省市县区乡镇村街"));

export interface PlaceLink {
  name: string;
  suffix: string;
}

export interface UnitMention {
  /** The mention as written: 柘溪县云杉镇人大主席团. */
  text: string;
  start: number;
  end: number;
  /** Place links, outermost first. Empty for generic references (县人大常委会, 乡人大主席团). */
  place: PlaceLink[];
  /** The body as written after the place: 人大常委会, 人大, 人大主席团 … */
  body: string;
  /** A committee after 常委会 (代表工委), or "". */
  committee: string;
  /** The place's left edge is delimited (start of text, punctuation, space, a stop word). */
  delimited: boolean;
}

/** The innermost place as written: 柘溪县云杉镇 → 云杉镇. */
export function innermost(m: Pick<UnitMention, "place">): string {
  const last = m.place[m.place.length - 1];
  return last ? last.name + last.suffix : "";
}

export function placeText(m: Pick<UnitMention, "place">): string {
  return m.place.map((p) => p.name + p.suffix).join("");
}

/**
 * One body under its short and long forms (洞口县人大 / 洞口县人大常委会, 区人大XX街道工委 /
 * XX街道人大工委) and across newsletters: the innermost place plus any committee.
 */
export function unitKeyOf(m: Pick<UnitMention, "place" | "committee">): string {
  return innermost(m) + (m.committee ? `/${m.committee}` : "");
}

/**
 * Every mention of a 人大 body in `text`. `known` are place names already established (from
 * delimited mentions elsewhere in the document, or the gazetteer); a mention inside running
 * text is only trusted up to a known place, so "组织鹤溪镇人大主席团" yields 鹤溪镇, not 组织鹤溪镇.
 */
export function findUnitMentions(text: string, known?: (place: string) => boolean): UnitMention[] {
  const out: UnitMention[] = [];
  for (let at = 0; at < text.length; at++) {
    const ch = text[at];
    const m = ch === "人" ? bodyMentionAt(text, at, known) : STATION_HEADS.has(ch!) ? stationMentionAt(text, at, known) : undefined;
    if (!m) continue;
    out.push(m);
    at = m.end - 1;
  }
  return out;
}

/** 柘溪县云杉镇人大主席团, 区人大城东街道工委, 相公庄镇人大代表联络站 … read from the 人大 at `at`. */
function bodyMentionAt(text: string, at: number, known?: (place: string) => boolean): UnitMention | undefined {
  const head = text.startsWith("人大", at) ? "人大" : text.startsWith("人民代表大会", at) ? "人民代表大会" : "";
  if (!head) return undefined;
  const station = head === "人大" ? STATIONS.find((s) => text.startsWith(s, at + 2)) : undefined;
  if (station) {
    const parsed = readPlaceBackwards(text, skipQualifier(text, at), known, true);
    if (!parsed.place.length) return undefined;
    return {
      text: text.slice(parsed.start, at + 2 + station.length),
      start: parsed.start,
      end: at + 2 + station.length,
      place: parsed.place,
      body: `人大${station}`,
      committee: "",
      delimited: parsed.delimited,
    };
  }
  // 东城人大街道工委: a street's working committee written with 人大 inside its name.
  const streetBody = head === "人大" && /^(街道|镇|乡)工委/.exec(text.slice(at + 2, at + 6));
  if (streetBody) {
    const bare = readName(text, at, known, streetBody[1]!);
    if (bare && bare.name.length >= 2) {
      const end = at + 2 + streetBody[0].length;
      const outer = readPlaceBackwards(text, bare.start, known);
      const place = [...(bare.delimited ? [] : outer.place), { name: bare.name, suffix: streetBody[1]! }];
      const start = bare.delimited ? bare.start : outer.place.length ? outer.start : bare.start;
      return { text: text.slice(start, end), start, end, place, body: "人大工委", committee: "", delimited: bare.delimited || outer.delimited };
    }
  }
  const tail =
    readBody(text, at + head.length) ??
    (head === "人民代表大会" && SESSION.test(text.slice(at + head.length)) ? { body: "", committee: "", length: 0 } : undefined);
  if (!tail) return undefined;
  // 某县第十八届人大常委会: the term stands between the place and the body.
  const term = TERM.exec(text.slice(Math.max(0, at - 6), at))?.[0] ?? "";
  const parsed = readPlaceBackwards(text, at - term.length, known);
  // 区人大XX街道工委: the district's working committee for a street is that street's body.
  const inner = tail.body === "" ? readInnerStreet(text, at + head.length) : undefined;
  const place = inner ? [...parsed.place, inner.link] : parsed.place;
  const end = inner ? inner.end : at + head.length + tail.length;
  const body = inner ? "人大工委" : head === "人大" ? `人大${tail.body}` : `人民代表大会${tail.body}`;
  if (!inner && tail.body === "" && ((head !== "人大" && !SESSION.test(text.slice(at + head.length))) || parsed.place.some((l) => l.suffix === "")))
    return undefined;
  // Shown without the term: the body is the same whatever its term.
  const written = text.slice(parsed.start, at - term.length) + text.slice(at, end);
  return { text: written, start: parsed.start, end, place, body, committee: tail.committee, delimited: parsed.delimited };
}

/** 云阳镇代表联络中心站, 沙塘村代表之家: a station named without 人大. */
function stationMentionAt(text: string, at: number, known?: (place: string) => boolean): UnitMention | undefined {
  const station = STATIONS.find((s) => text.startsWith(s, at));
  if (!station || text.slice(Math.max(0, at - 2), at) === "人大") return undefined;
  const parsed = readPlaceBackwards(text, skipQualifier(text, at), known, true);
  if (!parsed.place.length || parsed.place.some((l) => l.suffix === "")) return undefined;
  const end = at + station.length;
  return { text: text.slice(parsed.start, end), start: parsed.start, end, place: parsed.place, body: station, committee: "", delimited: parsed.delimited };
}

/** 安溪县在厦人大代表联络站, 某县驻京代表联络处: a station's place, then where it sits. */
function skipQualifier(text: string, end: number): number {
  return /[在驻][\u4e00-\u9fff]$/.test(text.slice(Math.max(0, end - 2), end)) && suffixEndingAt(text, end - 2, true) ? end - 2 : end;
}

interface BodyTail {
  body: string;
  committee: string;
  length: number;
}

function readBody(text: string, from: number): BodyTail | undefined {
  for (const b of BODIES) {
    if (!text.startsWith(b, from)) continue;
    const after = from + b.length;
    const committee = b === "常委会" || b === "常务委员会" ? (COMMITTEES.find((c) => text.startsWith(c, after)) ?? "") : "";
    return { body: b, committee, length: b.length + committee.length };
  }
  if (NOT_A_BODY.test(text.slice(from, from + 4))) return undefined;
  return { body: "", committee: "", length: 0 };
}

/** After "区人大": a street or township name followed by 工委 (区人大城东街道工委). */
function readInnerStreet(text: string, from: number): { link: PlaceLink; end: number } | undefined {
  const m = /^([\u4e00-\u9fff]{2,4}?)(街道|镇|乡)(?:人大)?工委/.exec(text.slice(from, from + 12));
  if (!m) return undefined;
  return { link: { name: m[1]!, suffix: m[2]! }, end: from + m[0].length };
}

/**
 * The place that ends at `end`, read right to left as `name + suffix` links. A link's name has
 * 1–4 characters; the leftmost link stops at a delimiter, at a known place, or at a stop word.
 */
function readPlaceBackwards(
  text: string,
  end: number,
  known?: (place: string) => boolean,
  villages = false,
): { place: PlaceLink[]; start: number; delimited: boolean } {
  const links: PlaceLink[] = [];
  let pos = end;
  let delimited = false;
  for (;;) {
    // A village or community is a place only as the innermost link of a station's name.
    const suffix = suffixEndingAt(text, pos, villages && links.length === 0);
    if (!suffix) {
      // A place written without its suffix (新宁回龙寺人大主席团) is trusted only as a whole line.
      if (links.length === 0) {
        const bare = /[\u4e00-\u9fff]{2,6}$/.exec(text.slice(0, pos));
        if (bare && bare.index === 0 && pos === end) return { place: [{ name: bare[0], suffix: "" }], start: 0, delimited: true };
      }
      break;
    }
    const nameEnd = pos - suffix.length;
    const link = readName(text, nameEnd, known, suffix);
    if (!link) {
      // A bare suffix (县人大常委会, 乡人大主席团): a generic reference when nothing precedes it.
      if (links.length === 0) {
        delimited = isDelimiter(text[nameEnd - 1]) || LEFT_STOP.has(text[nameEnd - 1] ?? "");
        return { place: [], start: nameEnd, delimited };
      }
      break;
    }
    links.unshift({ name: link.name, suffix });
    pos = link.start;
    delimited = link.delimited;
    if (link.delimited) break;
  }
  if (links.length === 0) return { place: [], start: end, delimited: isDelimiter(text[end - 1]) };
  return { place: links, start: pos, delimited };
}

/**
 * The place written just before `end` (相公庄镇, 济南市历下区), as links, outermost first; undefined
 * when no place suffix ends there.
 */
export function readPlaceBefore(text: string, end: number, known?: (place: string) => boolean): PlaceLink[] | undefined {
  if (!suffixEndingAt(text, end)) return undefined;
  const parsed = readPlaceBackwards(text, end, known);
  return parsed.place.length && parsed.place.every((l) => l.suffix) ? parsed.place : undefined;
}

/** The last characters of every suffix: most positions in a text end with none of them. */
const SUFFIX_ENDS = new Set([...SUFFIXES.map(([s]) => s.at(-1)!), ...VILLAGE_SUFFIXES.map((s) => s.at(-1)!)]);

function suffixEndingAt(text: string, pos: number, villages = false): string | undefined {
  if (!SUFFIX_ENDS.has(text[pos - 1] ?? "")) return undefined;
  for (const [s] of SUFFIXES) if (pos - s.length >= 0 && text.startsWith(s, pos - s.length)) return s;
  if (villages) for (const s of VILLAGE_SUFFIXES) if (pos - s.length >= 0 && text.startsWith(s, pos - s.length)) return s;
  return undefined;
}

function readName(
  text: string,
  end: number,
  known: ((place: string) => boolean) | undefined,
  suffix: string,
): { name: string; start: number; delimited: boolean } | undefined {
  // The longest known place wins: it is evidence the left edge is right.
  if (known) {
    for (let len = Math.min(MAX_KNOWN_NAME, end); len >= 1; len--) {
      const name = text.slice(end - len, end);
      if (!isHanName(name)) continue;
      if (known(name + suffix)) return { name, start: end - len, delimited: isDelimiter(text[end - len - 1]) || LEFT_STOP.has(text[end - len - 1] ?? "") };
    }
  }
  let start = end;
  while (start > 0 && end - start < MAX_NAME && isHan(text[start - 1]!) && !LEFT_STOP.has(text[start - 1]!)) {
    // Another link's suffix ends here (柘溪县|云杉镇): stop, unless the name would be empty.
    if (start < end && suffixEndingAt(text, start) && start - (suffixEndingAt(text, start)?.length ?? 0) > 0 && isHan(text[start - 2] ?? "")) break;
    start--;
  }
  let name = text.slice(start, end);
  // 按照省人大常委会, 希望两县人大常委会, 相关区县: a verb or quantifier before a bare suffix is no
  // name; what is left (省, 两县) is a generic reference or nothing.
  const lead = known?.(name + suffix) ? undefined : NOT_A_NAME.exec(name);
  if (lead) {
    start += lead[0].length;
    name = name.slice(lead[0].length);
    if (name.length === 0 || (name.length === 1 && !known?.(name + suffix))) return undefined;
    return { name, start, delimited: true };
  }
  if (name.length === 0) return undefined;
  const isKnown = known?.(name + suffix) ?? false;
  // 明确乡镇人大主席团, 各县区人大: a name never ends in a level word (乡镇, 县区 are compounds).
  if (!isKnown && LEVEL_CHARS.has(name[name.length - 1]!)) return undefined;
  // Only the country's 34 provinces are provinces: 围绕省人大常委会 is 省人大常委会.
  if (!isKnown && (suffix === "省" || suffix === "自治区")) return undefined;
  const before = text[start - 1];
  const delimited = start === 0 || isDelimiter(before) || LEFT_STOP.has(before ?? "");
  // One character before a suffix is a name where the country has it (沛县), or where a line or
  // clause starts with it (淮镇人大主席团：…); 乡镇人大, 全县人大 are not.
  if (name.length === 1 && !isKnown && !(delimited && !LEFT_STOP.has(name) && !LEVEL_CHARS.has(name) && !/[城新老大小]/.test(name))) return undefined;
  // Running text with no delimiter: the left edge is a guess, so the mention is not trusted.
  if (!delimited && end - start >= MAX_NAME) return { name, start, delimited: false };
  return { name, start, delimited };
}

function isHan(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c >= 0x4e00 && c <= 0x9fff;
}

function isHanName(s: string): boolean {
  for (const ch of s) if (!isHan(ch)) return false;
  return s.length > 0;
}

function isDelimiter(ch: string | undefined): boolean {
  return ch === undefined || !isHan(ch);
}

/** The level a body's name implies: its innermost suffix, and the body type for 开发区 and the like. */
export function levelOfMention(m: Pick<UnitMention, "place" | "body">): UnitLevel {
  if (/主席团$/.test(m.body)) return "township";
  const last = m.place[m.place.length - 1];
  if (last && (VILLAGE_SUFFIXES as readonly string[]).includes(last.suffix)) return "township";
  const lvl = last ? SUFFIXES.find(([s]) => s === last.suffix)?.[1] : undefined;
  if (/工委$/.test(m.body) && lvl !== "county" && lvl !== "city" && lvl !== "province") return "street";
  if (lvl === "province") return "province";
  if (lvl === "township") return "township";
  if (lvl === "street") return "street";
  // 市 is prefecture-level or county-level; the gazetteer decides when it knows the place.
  return lvl === "city" && last?.suffix !== "市" ? "city" : "county";
}

/** How a level is named to users (lists, CLI tables). */
export const LEVEL_LABEL: Readonly<Record<UnitLevel, string>> = { province: "省级", city: "市级", county: "县市区", township: "乡镇", street: "街道" };

/** Administrative suffix of a whole place name, if any (for gazetteer look-ups and aliases). */
export function placeSuffix(place: string): string | undefined {
  for (const [s] of SUFFIXES) if (place.endsWith(s) && place.length > s.length) return s;
  return undefined;
}

/**
 * Short names people type for a place: 城步苗族自治县 → 城步, 大祥区城北路街道 → 城北路,
 * 新宁回龙寺 → 回龙寺. Used as extra search keys, never as a lookup table.
 */
export function placeAliases(place: string, level: UnitLevel): string[] {
  const out = new Set<string>([place]);
  const base = withoutEthnicNames(place.replace(/自治[县州旗]$/, "")).replace(/(街道|[省市县区镇乡旗])$/, "");
  out.add(base);
  // The places it lies in, written before it: 大祥区城北路 → 城北路, 山东省平阴 → 平阴,
  // 济南市章丘区相公庄 → 章丘区相公庄 → 相公庄.
  // Each also as written with the place's own suffix (平阴县玫瑰镇 → 玫瑰镇, 山东省章丘市 →
  // 章丘市): how a question names it without the places around it.
  const suffix = /(街道|[镇乡县区市旗])$/.exec(place)?.[1] ?? "";
  let inner = base;
  for (let m = /^.{2,5}?[省区县市州](.{2,})$/.exec(inner); m?.[1]; m = /^.{2,5}?[省区县市州](.{2,})$/.exec(inner)) {
    out.add((inner = m[1]));
    if (suffix) out.add(inner + suffix);
  }
  // Townships are often written "county + township" without 镇: 新宁回龙寺 → 回龙寺.
  if (inner === base && level === "township" && base.length >= 4) out.add(base.slice(2));
  return [...out].filter((a) => a.length >= 2);
}

/** The 56 nationalities, as they appear inside autonomous place names (城步苗族自治县). */
const ETHNIC = new RegExp(
  `(?:${[
    "壮", "回", "维吾尔", "藏", "蒙古", "苗", "土家", "瑶", "侗", "彝", "白", "傣", "哈尼", "黎", "布依", "仡佬", "畲", "朝鲜", "满", "羌", "土", "撒拉", "哈萨克", "柯尔克孜", "傈僳",
    "拉祜", "佤", "景颇", "纳西", "独龙", "怒", "普米", "阿昌", "德昂", "布朗", "基诺", "水", "仫佬", "毛南", "京", "东乡", "保安", "裕固", "锡伯", "达斡尔", "鄂温克", "鄂伦春", "赫哲",
    "俄罗斯", "塔吉克", "乌孜别克", "塔塔尔", "门巴", "珞巴", "高山",
  ].sort((a, b) => b.length - a.length).join("|")})族?$`,
);

/** 城步苗族 → 城步, 湘西土家族苗族 → 湘西, 新疆维吾尔 → 新疆 (never down to nothing). */
export function withoutEthnicNames(name: string): string {
  let out = name;
  for (let m = ETHNIC.exec(out); m && m.index >= 2; m = ETHNIC.exec(out)) out = out.slice(0, m.index);
  return out;
}
