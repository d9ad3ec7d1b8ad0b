import type { Reply } from "../reply/types.ts";
import { sanitize } from "../sanitize.ts";
import type { Registry } from "./registry.ts";
import type { CommandContext } from "./types.ts";

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
