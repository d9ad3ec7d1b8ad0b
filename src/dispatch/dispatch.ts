import { para } from "../reply/build.ts";
import type { Reply } from "../reply/types.ts";
import { sanitize } from "../safety/input.ts";
import type { CommandContext } from "./types.ts";

/**
 * The one entry point every adapter calls with already-decoded text (mentions stripped). A command,
 * written the way the platform allows (its capabilities), runs; anything else is a question for `ask`.
 */
export async function dispatch(ctx: CommandContext, text: string): Promise<Reply> {
  const { registry } = ctx.services;
  const clean = sanitize(text);
  const resolved = registry.resolve(clean, {
    botUsername: ctx.bot.username,
    slash: ctx.capabilities.slashCommands,
    allowBare: ctx.capabilities.bareCommandWords,
  });
  if (resolved) return resolved.command.run(ctx, resolved.args);
  const unknown = ctx.capabilities.slashCommands ? unknownCommand(clean, ctx.bot.username) : undefined;
  const help = registry.get("help");
  if (unknown && help) {
    // A mistyped or unavailable command (/stats without editors, /foo) is not a question to search for.
    const text = await help.run(ctx, "");
    return { ...text, kind: "error", blocks: [para(`未知命令：${unknown}`), ...text.blocks] };
  }
  const ask = registry.get("ask");
  if (!ask) throw new Error("registry has no ask command");
  return ask.run(ctx, clean);
}

/**
 * `/word` that names no command, or undefined when the text is not command-shaped (a slash
 * followed by a space or by non-command characters, like a path, is left to be a question) or is
 * addressed to another bot (`/word@otherbot`).
 */
function unknownCommand(text: string, botUsername: string | undefined): string | undefined {
  const m = /^[/／]([A-Za-z][A-Za-z0-9_]{0,31})(?:@([A-Za-z0-9_]+))?(?=\s|$)/.exec(text.trim());
  if (!m) return undefined;
  if (m[2] && (!botUsername || m[2].toLowerCase() !== botUsername.toLowerCase())) return undefined;
  return `/${m[1]}`;
}
