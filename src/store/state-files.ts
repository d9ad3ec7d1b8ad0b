import { readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Adapter } from "lowdb";
import { DataFile } from "lowdb/node";
import { openJournal } from "./journal.ts";
import type { State } from "./types.ts";

/**
 * Every file the state store reads or writes, behind one interface so tests can make writes fail
 * (a full disk, a read-only directory) without needing a real one; the store's logic sees only
 * this. Beside `db.json`: the change journal `db.json.changes`, the quarantine `db.quarantine.json`
 * and steno's temp file `.db.json.tmp`.
 */
export interface StateFiles {
  readonly path: string;
  /** The snapshot as lowdb reads and writes it (steno: temp file, then rename). */
  readonly snapshot: Adapter<State>;
  /** The text of db.json, or undefined when there is none. */
  readSnapshotText(): Promise<string | undefined>;
  /** Size of the last snapshot written, in characters (the journal is checkpointed past it). */
  readonly lastSnapshotSize: number;
  appendJournal(text: string): Promise<void>;
  readJournal(): Promise<string>;
  resetJournal(): Promise<void>;
  readQuarantine(): Promise<string | undefined>;
  writeQuarantine(text: string): Promise<void>;
  /** Deletes the temp file a failed or killed snapshot write left behind. */
  removeLeftovers(): Promise<void>;
  /** Closes the journal's file handle now (a later append opens it again). */
  close(): Promise<void>;
}

export const journalPathOf = (file: string): string => `${file}.changes`;
export const quarantinePathOf = (file: string): string => join(dirname(file), basename(file).replace(/\.json$/, "") + ".quarantine.json");
/** steno's temp name for `file` (see steno's getTempFilename). */
export const tempPathOf = (file: string): string => join(dirname(file), `.${basename(file)}.tmp`);

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

export function nodeStateFiles(file: string): StateFiles {
  let lastSize = 0;
  const snapshot = new DataFile<State>(file, {
    parse: (text) => JSON.parse(text) as State,
    stringify: (data) => {
      const text = JSON.stringify(data, null, 2);
      lastSize = text.length;
      return text;
    },
  });
  // One handle while changes keep coming, released after a second of quiet.
  const journal = openJournal(journalPathOf(file), { idleCloseMs: 1000 });
  return {
    path: file,
    snapshot,
    get lastSnapshotSize() {
      return lastSize;
    },
    readSnapshotText: () => readIfExists(file),
    appendJournal: (text) => journal.append(text),
    readJournal: () => journal.read(),
    resetJournal: () => journal.truncate(),
    readQuarantine: () => readIfExists(quarantinePathOf(file)),
    writeQuarantine: (text) => writeFile(quarantinePathOf(file), text, "utf8"),
    removeLeftovers: () => rm(tempPathOf(file), { force: true }),
    close: () => journal.close(),
  };
}
