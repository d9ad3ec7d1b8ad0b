import { copyFile, mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { writeFileAtomic } from "./cache.ts";
import { capFileName } from "./file-names.ts";

/**
 * Quarantine: where the articles directory's dangerous documents go (design: ARTICLES.md). A file
 * found in the articles directory that exceeded a reading limit, or whose reading failed for a
 * reason that is not an ordinary refusal (a bug, a reader that died), is moved to
 * $DATA_DIR/quarantine/ with a note beside it: never read again at the next start or scan, and
 * listed in /文档 and `cli ingest` with the reason, so an editor sees what happened. Putting the
 * file back into the articles directory (after fixing it) reads it again.
 *
 * A reader that dies with the whole process (the system's out-of-memory killer) leaves no
 * refusal to quarantine by: a marker names the document being read, and a document that was
 * being read when the process died twice in a row is quarantined without being read again, so
 * the bot cannot crash-loop on its articles directory.
 */
export interface QuarantineNote {
  /** The file's path under the articles directory, before it was moved. */
  file: string;
  /** Where it is now. */
  keptAt: string;
  /** Why (Chinese, for editors). */
  reason: string;
  /** Why (English, for the log). */
  detail: string;
  at: string;
}

const NOTE_SUFFIX = ".note.json";
const MARKER_FILE = "reading.json";
/** Deaths while reading the same document before it is quarantined unread. */
export const CRASHES_BEFORE_QUARANTINE = 2;

/** $DATA_DIR/quarantine, next to the cache. */
export function quarantineDirOf(cacheDir: string): string {
  return join(cacheDir, "..", "quarantine");
}

/** Moves `file` out of the articles directory into quarantine, with its note; returns the note. */
export async function quarantineFile(
  articlesDir: string,
  cacheDir: string,
  file: string,
  why: { reason: string; detail: string },
  now: Date,
): Promise<QuarantineNote> {
  const dir = quarantineDirOf(cacheDir);
  await mkdir(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  let target = join(dir, capFileName(`${stamp}_${basename(file)}`, NOTE_SUFFIX.length));
  for (let n = 2; await exists(target); n++) target = join(dir, capFileName(`${stamp}-${n}_${basename(file)}`, NOTE_SUFFIX.length));
  const from = join(articlesDir, file);
  try {
    await rename(from, target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
    await copyFile(from, target); // the data directory on another file system than the articles
    await rm(from);
  }
  const note: QuarantineNote = { file, keptAt: target, reason: why.reason, detail: why.detail, at: now.toISOString() };
  await writeFileAtomic(`${target}${NOTE_SUFFIX}`, JSON.stringify(note, null, 2));
  return note;
}

/** Every quarantined document, oldest first. */
export async function listQuarantined(cacheDir: string): Promise<QuarantineNote[]> {
  const dir = quarantineDirOf(cacheDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const notes = await Promise.all(
    names
      .filter((n) => n.endsWith(NOTE_SUFFIX))
      .map(async (n) => {
        try {
          const note = JSON.parse(await readFile(join(dir, n), "utf8")) as QuarantineNote;
          // A file taken back out of quarantine by hand is no longer quarantined.
          return (await exists(note.keptAt)) ? note : undefined;
        } catch {
          return undefined;
        }
      }),
  );
  return notes.filter((n): n is QuarantineNote => n !== undefined).sort((a, b) => a.at.localeCompare(b.at));
}

export interface ReadingMarker {
  file: string;
  sha256: string;
  /** Reads of this document that the process did not live to finish, this one included. */
  attempts: number;
}

const markerPath = (cacheDir: string) => join(cacheDir, MARKER_FILE);

/** The document a previous process was reading when it died, if one was (read once, when a scan starts). */
export async function diedReading(cacheDir: string): Promise<ReadingMarker | undefined> {
  try {
    const m = JSON.parse(await readFile(markerPath(cacheDir), "utf8")) as Partial<ReadingMarker>;
    return typeof m.file === "string" && typeof m.sha256 === "string" && typeof m.attempts === "number" ? (m as ReadingMarker) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Around reading one document from the articles directory: `begin` says whether it may be read
 * (false: the process died reading it too often; quarantine it), `end` clears the marker.
 */
export async function beginReading(cacheDir: string, file: string, sha256: string, died: ReadingMarker | undefined): Promise<boolean> {
  const attempts = died?.file === file && died.sha256 === sha256 ? died.attempts + 1 : 1;
  if (attempts > CRASHES_BEFORE_QUARANTINE) return false;
  await writeFileAtomic(markerPath(cacheDir), JSON.stringify({ file, sha256, attempts } satisfies ReadingMarker));
  return true;
}

export async function endReading(cacheDir: string): Promise<void> {
  await rm(markerPath(cacheDir), { force: true });
}

const exists = (path: string) => stat(path).then(() => true, () => false);
