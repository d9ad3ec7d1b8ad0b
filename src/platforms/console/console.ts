import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { dispatch } from "../../commands/dispatch.ts";
import type { CommandContext } from "../../commands/types.ts";
import { userMessageOf } from "../../errors.ts";
import { renderPlain } from "../../reply/plain.ts";
import type { Services } from "../../services.ts";
import type { Logger } from "../../logger.ts";

export interface ConsoleOptions {
  services: Services;
  logger: Logger;
  input?: Readable;
  output?: Writable;
  /** Print the banner and a prompt (interactive terminal). */
  interactive?: boolean;
  banner?: string;
}

export const CONSOLE_BANNER = [
  "案例通 · 控制台对话（未配置任何平台令牌）",
  "直接输入问题，例如：怎么激发代表履职活力？  输入“帮助”查看命令，Ctrl+D 退出。",
  "连接 Telegram：设置 BOT_TOKEN；连接企业微信：设置 WECOM_BOT_ID 和 WECOM_BOT_SECRET（见 README 和 .env.example）。",
].join("\n");

/**
 * A chat on stdin/stdout. Each line is a message in a group where the bot was addressed;
 * replies are rendered as plain text. Resolves when the input ends.
 */
export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const interactive = opts.interactive ?? Boolean((input as NodeJS.ReadStream).isTTY);
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  const ctx: CommandContext = {
    chat: { platform: "console", chatId: "console", type: "group", title: "控制台" },
    user: { id: "console", name: "你" },
    services: opts.services,
    isAdmin: async () => true,
    now: () => new Date(),
    bot: { platform: "console" },
  };
  if (interactive) {
    output.write((opts.banner ?? CONSOLE_BANNER) + "\n\n");
    rl.setPrompt("你> ");
    rl.prompt();
  }
  for await (const line of rl) {
    if (line.trim()) {
      try {
        const reply = await dispatch(opts.services.registry, ctx, line, { allowBare: true });
        output.write(renderPlain(reply, { commandWord: opts.services.registry.wordFor }) + "\n\n");
      } catch (err) {
        opts.logger.error({ err }, "console: failed to answer");
        output.write(userMessageOf(err) + "\n\n");
      }
    }
    if (interactive) rl.prompt();
  }
}
