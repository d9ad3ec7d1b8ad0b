/**
 * The data directory is checked before anything is written into it (issue 17, defect 7): a
 * read-only, full or misplaced DATA_DIR stops start-up with one message naming the directory and
 * what to change, not a raw EROFS stack from whichever write (the stats salt) came first.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startApp } from "../src/app/start.ts";
import { loadConfig } from "./support/config.ts";
import { StateFileError } from "../src/errors.ts";
import { createLogger } from "../src/logger.ts";
import { checkDataDir } from "../src/store/data-dir.ts";

const failing = (code: string) => ({
  mkdir: async () => undefined,
  writeFile: async () => {
    throw Object.assign(new Error(`${code}: refused`), { code });
  },
  rm: async () => undefined,
});

describe("the data directory at start-up", () => {
  it("a read-only or full directory is named with what to fix", async () => {
    const ro = await checkDataDir("/srv/casebot", failing("EROFS")).then(() => undefined, (e: unknown) => e);
    expect(ro).toBeInstanceOf(StateFileError);
    expect((ro as Error).message).toBe(
      "Cannot write to the data directory /srv/casebot (the directory is not writable, EROFS). casebot keeps the library, its cache, subscriptions and statistics there. " +
        "Make /srv/casebot a directory writable by this user, or set DATA_DIR to a writable directory.",
    );
    const full = await checkDataDir("/srv/casebot", failing("ENOSPC")).then(() => undefined, (e: unknown) => e);
    expect((full as Error).message).toContain("(the disk is full, ENOSPC)");
    expect((full as Error).message).toContain("writable by this user and free disk space");
  });

  it("startApp checks before it writes anything: no stats salt, no cache, one clear error", async () => {
    const parent = mkdtempSync(join(tmpdir(), "casebot-datadir-"));
    const file = join(parent, "data");
    writeFileSync(file, "not a directory");
    const config = loadConfig({ DATA_DIR: file, ARTICLES_DIR: "data/articles", CASEBOT_CONSOLE: "0" });
    const err = await startApp(config, createLogger("silent")).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(StateFileError);
    expect((err as Error).message).toMatch(/^Cannot write to the data directory .*\/data \(it is not a directory, E(NOTDIR|EXIST)\)\./);
    expect(readdirSync(parent)).toEqual(["data"]);
  });
});
