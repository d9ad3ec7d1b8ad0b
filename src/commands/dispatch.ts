import type { Reply } from "../reply/types.ts";
import type { Registry } from "./registry.ts";
import type { CommandContext } from "./types.ts";

/** Longest question we look at; the rest is cut (with a note) rather than refused. */
export const MAX_INPUT = 500;

export interface DispatchOptions {
  botUsername?: string;
  /** Chinese command words without a slash (WeCom, console). */
  allowBare?: boolean;
}

/**
 * The one entry point every adapter calls with already-decoded text (mentions stripped).
 * A recognised command runs; anything else is a question for `ask`.
 */
export async function dispatch(registry: Registry, ctx: CommandContext, text: string, opts: DispatchOptions = {}): Promise<Reply> {
  const clean = sanitize(text);
  const resolved = registry.resolve(clean, opts);
  if (resolved) return resolved.command.run(ctx, resolved.args);
  const ask = registry.get("ask");
  if (!ask) throw new Error("registry has no ask command");
  return ask.run(ctx, clean);
}

/** Drops control characters (keeping newlines) and zero-width marks; bounds the length. */
export function sanitize(text: string): string {
  const noControls = text.replace(/(?!\n)[\p{Cc}\p{Cf}\u2028\u2029]/gu, " ");
  const chars = Array.from(noControls.trim());
  return chars.length > MAX_INPUT ? chars.slice(0, MAX_INPUT).join("") : chars.join("");
}
