import type { BotCommand } from "grammy/types";
import { describeCommand } from "../../dispatch/registry.ts";
import type { Registry } from "../../dispatch/types.ts";

/** Telegram's rules for the command menu: lowercase a-z, 0-9, _ (1–32); description 1–256 chars. */
export function menuCommands(registry: Registry, opts: { editors?: boolean } = {}): BotCommand[] {
  return registry.commands
    .filter((c) => !c.hidden && (!c.editors || opts.editors) && /^[a-z0-9_]{1,32}$/.test(c.name) && c.description.trim() !== "")
    .map((c) => ({ command: c.name, description: Array.from(describeCommand(c, "group")).slice(0, 256).join("") }));
}
