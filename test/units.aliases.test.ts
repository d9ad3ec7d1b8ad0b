import { describe, expect, it } from "vitest";
import { placeAliases } from "../src/corpus/units.ts";

describe("place aliases", () => {
  it("names a place inside others as written alone, with and without its own suffix", () => {
    expect(placeAliases("平阴县玫瑰镇", "township")).toEqual(expect.arrayContaining(["平阴县玫瑰镇", "玫瑰", "玫瑰镇"]));
    expect(placeAliases("济南市章丘区相公庄街道", "street")).toEqual(expect.arrayContaining(["章丘区相公庄", "相公庄", "相公庄街道"]));
    expect(placeAliases("山东省章丘市", "county")).toEqual(expect.arrayContaining(["章丘", "章丘市"]));
  });
});
