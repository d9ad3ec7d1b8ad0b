import type { State } from "./types.ts";

/** The record collections of State; everything a change can touch. */
export const COLLECTIONS = ["chats", "subscriptions", "outbox", "webhooks"] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** One record-level change, as the change journal stores it: put the value, or delete the key. */
export type RecordOp = { c: Collection; k: string; v: unknown } | { c: Collection; k: string; d: 1 };

export interface Tracked {
  /** The view the update function works on: the real state, with record access noted. */
  view: State;
  /** The changes made through the view, record by record (records that ended as they began are left out). */
  ops(): RecordOp[];
  /** Puts every record touched through the view back as it was before. */
  rollback(): void;
  /** A collection was replaced wholesale: only a full write captures that, and it cannot be undone. */
  readonly wholesale: boolean;
}

/**
 * Why a tracking view and not a copy: the state can hold 50,000 chats, and copying it per change
 * is what made every new chat cost a full rewrite. The view notes each record the update reads or
 * writes (its JSON before the change), which is all that is needed both to undo a change whose
 * write failed and to journal it as record-level puts and deletes.
 *
 * Limitation (documented in STATE.md): a record object obtained outside the update function and
 * mutated inside it is not seen. Record-level changes (StateStore.change) must go through `s`.
 */
export function track(state: State): Tracked {
  const before = new Map<Collection, Map<string, string | undefined>>();
  let wholesale = false;
  const views = new Map<Collection, Record<string, unknown>>();

  const viewOf = (c: Collection): Record<string, unknown> => {
    let v = views.get(c);
    if (v) return v;
    const seen = new Map<string, string | undefined>();
    before.set(c, seen);
    const target = state[c] as Record<string, unknown>;
    const touch = (k: string | symbol): void => {
      if (typeof k !== "string" || seen.has(k)) return;
      seen.set(k, Object.hasOwn(target, k) ? JSON.stringify(target[k]) : undefined);
    };
    v = new Proxy(target, {
      get(t, k, r) {
        if (typeof k === "string" && Object.hasOwn(t, k)) touch(k);
        return Reflect.get(t, k, r);
      },
      set(t, k, value, r) {
        touch(k);
        return Reflect.set(t, k, value, r);
      },
      deleteProperty(t, k) {
        touch(k);
        return Reflect.deleteProperty(t, k);
      },
      defineProperty(t, k, d) {
        touch(k);
        return Reflect.defineProperty(t, k, d);
      },
    });
    views.set(c, v);
    return v;
  };

  const isCollection = (k: string | symbol): k is Collection => typeof k === "string" && (COLLECTIONS as readonly string[]).includes(k);
  const view = new Proxy(state, {
    get(t, k, r) {
      return isCollection(k) ? viewOf(k) : Reflect.get(t, k, r);
    },
    set(t, k, value, r) {
      if (isCollection(k)) {
        wholesale = true;
        views.delete(k);
      }
      return Reflect.set(t, k, value, r);
    },
  });

  return {
    view,
    get wholesale() {
      return wholesale;
    },
    ops() {
      const out: RecordOp[] = [];
      for (const [c, seen] of before) {
        const now = state[c] as Record<string, unknown>;
        for (const [k, old] of seen) {
          const has = Object.hasOwn(now, k);
          const json = has ? JSON.stringify(now[k]) : undefined;
          if (json === old) continue;
          out.push(has ? { c, k, v: JSON.parse(json as string) as unknown } : { c, k, d: 1 });
        }
      }
      return out;
    },
    rollback() {
      for (const [c, seen] of before) {
        const now = state[c] as Record<string, unknown>;
        for (const [k, old] of seen) {
          if (old === undefined) delete now[k];
          else now[k] = JSON.parse(old) as unknown;
        }
      }
    },
  };
}

/** Applies journaled record ops to the state (replay on start-up). */
export function applyOps(state: State, ops: readonly RecordOp[]): void {
  for (const op of ops) {
    const coll = state[op.c] as Record<string, unknown>;
    if ("d" in op) delete coll[op.k];
    else coll[op.k] = op.v;
  }
}
