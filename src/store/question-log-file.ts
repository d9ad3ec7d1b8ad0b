import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { DataFile } from "lowdb/node";
import type { StatsConfig } from "../config/config.ts";
import type { Logger } from "../logger.ts";
import { openJournal } from "./journal.ts";
import { openQuestionLog, type QuestionData, type QuestionLog, type QuestionLogOptions } from "./question-log.ts";

/**
 * The salt for chat and user hashes: STATS_SALT, else the one kept in $DATA_DIR/stats.salt,
 * generated on first use (owner-only). The same salt must survive restarts, or a user's second
 * press would count as another user's.
 */
export async function statsSalt(stats: Pick<StatsConfig, "salt" | "saltFile">): Promise<string> {
  if (stats.salt) return stats.salt;
  try {
    const kept = (await readFile(stats.saltFile, "utf8")).trim();
    if (kept.length >= 16) return kept;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  await mkdir(dirname(stats.saltFile), { recursive: true });
  const salt = randomBytes(32).toString("hex");
  try {
    await writeFile(stats.saltFile, salt + "\n", { mode: 0o600, flag: "wx" });
    return salt;
  } catch (err) {
    // Another process (the CLI next to the bot) wrote it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return (await readFile(stats.saltFile, "utf8")).trim();
    throw err;
  }
}

/**
 * The question log in $DATA_DIR/questions.json (a lowdb DataFile — atomic writes, compact JSON)
 * plus its journal questions.json.journal (store/journal.ts).
 * A file that does not parse is moved aside with a warning and the log starts empty: statistics
 * are not worth refusing to answer questions for, and the moved file keeps what it held.
 */
export async function openQuestionLogFile(
  stats: StatsConfig,
  logger: Logger,
  opts: Omit<QuestionLogOptions, "adapter" | "salt" | "retentionDays"> = {},
): Promise<QuestionLog> {
  await mkdir(dirname(stats.file), { recursive: true });
  const salt = await statsSalt(stats);
  const open = () =>
    openQuestionLog({
      adapter: new DataFile<QuestionData>(stats.file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }),
      journal: openJournal(`${stats.file}.journal`, { idleCloseMs: 1000 }),
      salt,
      retentionDays: stats.retentionDays,
      onError: (err) => logger.warn({ err }, "stats: could not write the question log; will retry"),
      ...opts,
    });
  try {
    return await open();
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    const aside = `${stats.file}.corrupt-${Date.now()}`;
    await rename(stats.file, aside);
    logger.warn({ file: stats.file, aside }, "stats: the question log did not parse; moved it aside and started a new one");
    return open();
  }
}
