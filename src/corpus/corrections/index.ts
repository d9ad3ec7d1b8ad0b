import { defaultGazetteer, type Gazetteer } from "../gazetteer.ts";
import type { Article } from "../types.ts";
import { applyCorrections } from "./apply.ts";
import type { SidecarRead } from "./sidecar.ts";

/**
 * A parsed article with the corrections stored beside its file: what the store keeps. A sidecar
 * that could not be used leaves the parse as it is, with the reason among the article's warnings.
 */
export function withCorrections(article: Article, sidecar: SidecarRead, gazetteer: Gazetteer = defaultGazetteer()): Article {
  const out = applyCorrections(article, sidecar.corrections, gazetteer);
  return sidecar.problem ? { ...out, report: { ...out.report, warnings: [...out.report.warnings, sidecar.problem] } } : out;
}
