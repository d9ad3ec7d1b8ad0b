import { basename } from "node:path";
import type { ScannedSource } from "./scan-types.ts";

// The collection's sources looked up by file, name, article id and content (collection.ts).

export interface View {
  byFile: Map<string, ScannedSource>;
  /** Base name → the sources of that name (a new version of a name replaces the first). */
  byName: Map<string, ScannedSource[]>;
  /** Article id → the sources that have it. */
  byId: Map<string, ScannedSource[]>;
  /** Content and text hashes of the sources in the library (failed and left-out ones do not count). */
  bySha: Map<string, ScannedSource>;
  byText: Map<string, ScannedSource>;
  idOf(s: ScannedSource): string;
  articleIdOf(file: string): string;
}

/** Adds a source to the view, in place of an earlier record of the same file. */
export function remember(view: View, s: ScannedSource): void {
  const old = view.byFile.get(s.file);
  if (old) {
    const drop = (map: Map<string, ScannedSource[]>, key: string) => map.set(key, (map.get(key) ?? []).filter((x) => x !== old));
    drop(view.byName, basename(old.file));
    drop(view.byId, view.idOf(old));
    if (view.bySha.get(old.sha256) === old) view.bySha.delete(old.sha256);
    if (old.textHash && view.byText.get(old.textHash) === old) view.byText.delete(old.textHash);
  }
  view.byFile.set(s.file, s);
  const push = (map: Map<string, ScannedSource[]>, key: string) => {
    const list = map.get(key);
    if (list) list.push(s);
    else map.set(key, [s]);
  };
  push(view.byName, basename(s.file));
  push(view.byId, view.idOf(s));
  if (s.summary && !s.duplicateOf && !s.conflictsWith) {
    if (!view.bySha.has(s.sha256)) view.bySha.set(s.sha256, s);
    if (s.textHash && !view.byText.has(s.textHash)) view.byText.set(s.textHash, s);
  }
}
