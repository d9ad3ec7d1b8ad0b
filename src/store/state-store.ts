import { copyFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { Low } from "lowdb";
import { JSONFile } from "lowdb/node";
import { StateFileError } from "../errors.ts";
import { emptyState, type State } from "./types.ts";

export interface StateStore {
  /** Current state; treat as read-only outside update(). */
  readonly data: State;
  /**
   * Applies `fn` to the state right away (calls apply in call order, never interleaved) and resolves
   * once a write containing the change has replaced the file.
   */
  update<T>(fn: (s: State) => T): Promise<T>;
  readonly file: string | undefined;
}

/**
 * Opens the lowdb state file with an explicit JSONFile adapter (JSONFilePreset would silently
 * switch to memory under NODE_ENV=test). lowdb writes through steno: a temp file, then rename,
 * so a kill mid-write leaves the old or the new file, never half of one.
 *
 * A file that does not parse is refused: it is copied aside and left untouched, and start-up
 * stops with a message saying where the copy is.
 */
export async function openStateStore(file: string, now: () => Date = () => new Date()): Promise<StateStore> {
  await mkdir(dirname(file), { recursive: true });
  const initial = await readExisting(file, now);
  const db = new Low<State>(new JSONFile<State>(file), initial ?? emptyState());
  if (!initial) await db.write();
  return createStore(db, file);
}

/** A store that lives in memory only: tests and the console demo's throwaway state. */
export function memoryStateStore(initial: State = emptyState()): StateStore {
  const db = new Low<State>({ read: async () => initial, write: async () => {} }, initial);
  return createStore(db, undefined);
}

function createStore(db: Low<State>, file: string | undefined): StateStore {
  // Group commit: every update applies at once, in call order, and resolves after a write that
  // includes it. Updates arriving while a write is in flight share the next write, so a fan-out
  // marking thousands of pushes serializes the document once per batch, not once per push.
  let waiting: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];
  let flushing = false;
  const flush = async (): Promise<void> => {
    flushing = true;
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      try {
        await db.write();
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    flushing = false;
  };
  return {
    get data() {
      return db.data;
    },
    file,
    update<T>(fn: (s: State) => T): Promise<T> {
      let result: T;
      try {
        result = fn(db.data);
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      return new Promise<T>((resolve, reject) => {
        waiting.push({ resolve: () => resolve(result), reject });
        if (!flushing) void flush();
      });
    },
  };
}

async function readExisting(file: string, now: () => Date): Promise<State | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StateFileError(`Cannot read state file ${file}: ${(err as Error).message}`);
  }
  const problem = validate(text);
  if (problem === undefined) return { ...emptyState(), ...(JSON.parse(text) as Partial<State>) } as State;
  const backup = `${file}.corrupt-${now().toISOString().replace(/[:.]/g, "-")}`;
  await copyFile(file, backup);
  throw new StateFileError(
    `State file ${file} is unreadable (${problem}). A copy was kept at ${backup}; the original was not touched. ` +
      `Repair it by hand, or move it away to start with empty state (subscriptions and push history would be lost).`,
  );
}

function validate(text: string): string | undefined {
  if (text.trim() === "") return "the file is empty";
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return `not valid JSON: ${(err as Error).message}`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "the top level is not an object";
  const v = value as Record<string, unknown>;
  if (v.version !== undefined && v.version !== 1) return `unknown version ${String(v.version)}`;
  for (const key of ["chats", "subscriptions", "outbox", "webhooks"]) {
    const c = v[key];
    if (c !== undefined && (typeof c !== "object" || c === null || Array.isArray(c))) return `"${key}" is not an object`;
  }
  return undefined;
}
