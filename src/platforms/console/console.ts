import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { dispatch } from "../../dispatch/dispatch.ts";
import type { CommandContext, Services } from "../../dispatch/types.ts";
import { userMessageOf } from "../../errors.ts";
import { routeLogs, type Logger } from "../../logger.ts";
import { plainMessages } from "../../reply/messages.ts";
import type { PlatformHost, RunningPlatform } from "../types.ts";
import { CONSOLE_CAPABILITIES, type ConsoleSection } from "./profile.ts";
import { CONSOLE_BANNER, CONSOLE_TEXT } from "../../messages/catalog.ts";

export interface ConsoleOptions {
  services: Services;
  logger: Logger;
  input?: Readable;
  output?: Writable;
  /** Print the banner and a prompt (interactive terminal). */
  interactive?: boolean;
  banner?: string;
  now?: () => Date;
  /** Closes the chat (app shutdown). */
  signal?: AbortSignal;
}

/** The console as a platform: answers stdin until it ends, which ends the app. */
export async function startConsole(host: PlatformHost<ConsoleSection>): Promise<RunningPlatform> {
  const closing = new AbortController();
  const done = runConsole({ services: host.services, logger: host.logger, now: host.now, signal: closing.signal });
  return {
    name: "console",
    channels: [],
    finished: done,
    async stop() {
      closing.abort();
    },
  };
}

/**
 * A chat on stdin/stdout. Each line is a message in a one-to-one chat with the bot (the person at
 * the terminal runs it, so nothing is addressed as in a group); replies are rendered as plain
 * text. Resolves when the input ends.
 */
export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const interactive = opts.interactive ?? Boolean((input as NodeJS.ReadStream).isTTY);
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, signal: opts.signal });
  const ctx: CommandContext = {
    chat: { platform: "console", chatId: "console", type: "private", title: CONSOLE_TEXT.chatTitle },
    user: { id: "console", name: CONSOLE_TEXT.userName },
    services: opts.services,
    capabilities: CONSOLE_CAPABILITIES,
    isAdmin: async () => true,
    // Whoever types at the console operates the bot.
    isEditor: true,
    now: opts.now ?? (() => new Date()),
    bot: {},
  };
  const word = opts.services.registry.wordFor;
  let releaseLogs = (): void => undefined;
  const prompting = { on: interactive };
  rl.on("line", () => (prompting.on = false));
  if (interactive) {
    output.write((opts.banner ?? CONSOLE_BANNER) + "\n\n");
    rl.setPrompt(CONSOLE_TEXT.prompt);
    rl.prompt();
    // Logs and the prompt share the terminal: clear the prompt line, log, then redraw it with what was typed.
    // Only while the prompt is showing: during an answer the log line just goes out.
    releaseLogs = routeLogs((write) => {
      if (!prompting.on) return write();
      output.write("\r\x1b[2K");
      write();
      rl.prompt(true);
    });
  }
  try {
    await chat(rl, ctx, opts, output, interactive ? prompting : undefined, word);
  } finally {
    releaseLogs();
  }
}

async function chat(
  rl: Interface,
  ctx: CommandContext,
  opts: ConsoleOptions,
  output: Writable,
  prompting: { on: boolean } | undefined,
  word: (name: string) => string,
): Promise<void> {
  for await (const line of rl) {
    if (line.trim()) {
      try {
        const reply = await dispatch(ctx, line);
        output.write(plainMessages(reply, CONSOLE_CAPABILITIES, word).join("\n\n") + "\n\n");
      } catch (err) {
        opts.logger.error({ err }, "console: failed to answer");
        output.write(userMessageOf(err) + "\n\n");
      }
    }
    if (prompting) {
      rl.prompt();
      prompting.on = true;
    }
  }
}
