import { pino, type Logger } from "pino";
import { scrubSecrets } from "./safety/secrets.ts";

export type { Logger };

/**
 * JSON logs to stderr (stdout belongs to the console chat and the CLI's JSON output).
 * Secrets are redacted by key wherever they appear (`secretKeys`: the config's secretKeys(), handed in
 * by whoever composes the process, so the logger imports no config), and Telegram tokens are scrubbed
 * from the finished line (grammY puts request URLs, token included, into error messages).
 */
// Synchronous, so a line is on the terminal when write returns: the console redraws its prompt after it (routeLogs).
export function createLogger(
  level: string,
  destination: pino.DestinationStream = pino.destination({ dest: 2, sync: true }),
  secretKeys: readonly string[] = [],
): Logger {
  const paths = secretKeys.flatMap((k) => [k, `*.${k}`, `config.${k}`]);
  return pino(
    {
      level,
      redact: { paths: [...paths, "token", "*.token", "secret", "*.secret"], censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }) },
    },
    scrubbing(destination),
  );
}

/**
 * Tokens nested anywhere in a logged object (`{ err }` with a cause, an
 * HttpError wrapping a fetch error that quotes the request URL) are scrubbed from the final line.
 */
function scrubbing(destination: pino.DestinationStream): pino.DestinationStream {
  return {
    write: (line: string) => {
      const clean = scrubSecrets(line);
      if (around) around(() => destination.write(clean));
      else destination.write(clean);
    },
  };
}

/**
 * The bot process's logger (main.ts): to LOG_FILE when set, else stderr. When the chat itself is on
 * the terminal (the console), stderr carries only warnings and errors, so the conversation is not
 * buried in start-up and shutdown lines; LOG_FILE keeps every level.
 */
export function createProcessLogger(opts: { level: string; file?: string; chatOnTerminal: boolean; secretKeys: readonly string[] }): Logger {
  if (opts.file) return createLogger(opts.level, pino.destination({ dest: opts.file, append: true, mkdir: true, sync: true }), opts.secretKeys);
  return createLogger(opts.chatOnTerminal ? atLeast(opts.level, "warn") : opts.level, undefined, opts.secretKeys);
}

/** The higher (quieter) of two pino levels. */
function atLeast(level: string, floor: string): string {
  const value = (l: string) => (l === "silent" ? Number.POSITIVE_INFINITY : (pino.levels.values[l] ?? 0));
  return value(level) >= value(floor) ? level : floor;
}

let around: ((write: () => void) => void) | undefined;

/**
 * Lets the interactive console wrap every log write (clear its `你>` prompt line, write, redraw
 * the prompt), so a log line never lands in the middle of what the user is typing. Returns the undo.
 */
export function routeLogs(wrap: (write: () => void) => void): () => void {
  around = wrap;
  return () => {
    if (around === wrap) around = undefined;
  };
}
