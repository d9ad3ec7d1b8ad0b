import type { Reply } from "../reply/types.ts";
import { sanitize } from "../sanitize.ts";
import type { CommandContext } from "./types.ts";

/**
 * The one entry point every adapter calls with already-decoded text (mentions stripped). A command,
 * written the way the platform allows (its capabilities), runs; anything else is a question for `ask`.
 */
export async function dispatch(ctx: CommandContext, text: string): Promise<Reply> {
  const { registry } = ctx.services;
  const clean = sanitize(text);
  const resolved = registry.resolve(clean, { botUsername: ctx.bot.username, slash: ctx.capabilities.slashCommands, allowBare: ctx.capabilities.bareCommandWords });
  if (resolved) return resolved.command.run(ctx, resolved.args);
  const ask = registry.get("ask");
  if (!ask) throw new Error("registry has no ask command");
  return ask.run(ctx, clean);
}
