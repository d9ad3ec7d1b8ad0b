import type { Capabilities } from "../reply/capabilities.ts";
import type { Command, CommandContext, Registry } from "./types.ts";

/** A command's one-line description where it is used: its group note only where groups are concerned. */
export function describeCommand(c: Command, chat: "group" | "private"): string {
  const description = c.description.trim();
  return chat === "group" && c.groupNote ? `${description}（${c.groupNote}）` : description;
}

export function createRegistry(commands: readonly Command[]): Registry {
  const byName = new Map<string, Command>();
  for (const c of commands) {
    for (const key of [c.name, ...c.aliases]) {
      const k = key.toLowerCase();
      const clash = byName.get(k);
      if (clash) throw new Error(`command word "${key}" is used by both /${clash.name} and /${c.name}`);
      byName.set(k, c);
    }
  }
  // Longest words first so that 本周案例 wins over 案例.
  const bareWords = [...byName.keys()].filter((k) => /[^\p{ASCII}]/u.test(k)).sort((a, b) => b.length - a.length);

  return {
    commands,
    get: (n) => byName.get(n.toLowerCase()),
    wordFor(name) {
      const c = byName.get(name.toLowerCase());
      return c?.aliases.find((a) => /[^\p{ASCII}]/u.test(a)) ?? name;
    },
    resolve(text, opts = {}) {
      const t = text.trim();
      const slash = opts.slash === false ? null : /^[/／]([^\s@]+)(?:@(\S+))?(?:\s+([\s\S]*))?$/.exec(t);
      if (slash) {
        const [, name = "", target, args = ""] = slash;
        if (target && opts.botUsername && target.toLowerCase() !== opts.botUsername.toLowerCase()) return undefined;
        const command = byName.get(name.toLowerCase());
        return command ? { command, args: args.trim() } : undefined;
      }
      if (!opts.allowBare) return undefined;
      for (const word of bareWords) {
        if (t === word || t.startsWith(word + " ") || t.startsWith(word + "　") || t.startsWith(word + "：") || t.startsWith(word + ":")) {
          const command = byName.get(word);
          if (command) return { command, args: t.slice(word.length).replace(/^[\s:：]+/, "").trim() };
        }
      }
      return undefined;
    },
  };
}

/** How a command is invoked on a platform: its Chinese word where bare words work, else /name. */
export function commandWordFor(capabilities: Pick<Capabilities, "bareCommandWords">, registry: Registry): (name: string) => string {
  return (name) => (capabilities.bareCommandWords ? registry.wordFor(name) : `/${name}`);
}

/** How a command is invoked where this command's user is (hints such as “发送“退订”可取消”). */
export function commandWord(ctx: CommandContext, name: string): string {
  return commandWordFor(ctx.capabilities, ctx.services.registry)(name);
}
