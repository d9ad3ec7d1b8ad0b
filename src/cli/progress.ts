import type { Writable } from "node:stream";
import { PROGRESS_TEXT } from "../messages/cli.ts";

/**
 * Progress of a long run (cli ingest of a directory): on a terminal one line redrawn in place
 * with the count, the rate and the time left; elsewhere (a log file, CI) nothing until the
 * summary line at the end. Output to the same terminal clears the line first (`clear`), so the
 * per-document reports never mix with it.
 */
export interface Progress {
  /** One more item done. */
  tick(): void;
  /** Erases the progress line before other output goes to the terminal. */
  clear(): void;
  /** The summary line (both on a terminal and elsewhere). */
  done(): void;
}

export interface ProgressOptions {
  total: number;
  /** Where the line goes (the command's stderr: stdout carries only the requested output). */
  stream: Writable;
  /** A terminal: redraw in place. Default: the stream's own isTTY. */
  tty?: boolean;
  /** Milliseconds; tests pass a fake clock. */
  now?: () => number;
  /** Least time between two redraws. */
  everyMs?: number;
  /** 篇 for documents. */
  noun?: string;
}

export function createProgress(opts: ProgressOptions): Progress {
  const now = opts.now ?? (() => performance.now());
  const tty = opts.tty ?? (opts.stream as Writable & { isTTY?: boolean }).isTTY === true;
  const noun = opts.noun ?? PROGRESS_TEXT.documents;
  const started = now();
  let count = 0;
  let drawnAt = -Infinity;
  let shown = false;
  const rate = () => count / Math.max((now() - started) / 1000, 1e-3);
  const draw = () => {
    const left = opts.total - count;
    const eta = count > 0 && left > 0 ? PROGRESS_TEXT.eta(duration(left / rate())) : "";
    opts.stream.write(`\r\x1b[K${PROGRESS_TEXT.running(count, opts.total, noun, rate().toFixed(1))}${eta}`);
    shown = true;
    drawnAt = now();
  };
  return {
    tick() {
      count++;
      if (tty && now() - drawnAt >= (opts.everyMs ?? 200)) draw();
    },
    clear() {
      if (!shown) return;
      opts.stream.write("\r\x1b[K");
      shown = false;
      drawnAt = -Infinity; // redraw at the next tick
    },
    done() {
      this.clear();
      const seconds = (now() - started) / 1000;
      opts.stream.write(`${PROGRESS_TEXT.done(count, opts.total, noun, duration(seconds), rate().toFixed(1))}\n`);
    },
  };
}

/** 3 分 12 秒, 45 秒, 1 小时 5 分. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return PROGRESS_TEXT.seconds(s);
  if (s < 3600) return PROGRESS_TEXT.minutes(Math.floor(s / 60), s % 60);
  return PROGRESS_TEXT.hours(Math.floor(s / 3600), Math.floor((s % 3600) / 60));
}
