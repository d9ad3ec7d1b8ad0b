import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { StateFileError } from "../src/errors.ts";
import { memoryStateStore, openStateStore } from "../src/store/state-store.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const tmp = () => mkdtempSync(join(tmpdir(), "casebot-store-"));
const NOW = new Date("2026-11-28T08:00:00.000Z");

async function refused(file: string): Promise<StateFileError> {
  try {
    await openStateStore(file, () => NOW);
  } catch (err) {
    if (err instanceof StateFileError) return err;
    throw err;
  }
  throw new Error("the broken file was accepted");
}

describe("state file: refusing broken files without touching them", () => {
  const cases: Array<[string, string, string]> = [
    ["hand-broken JSON", '{ "version": 1, "subscriptions": { "telegram:-1": { "key": ', "not valid JSON"],
    ["an empty file", "", "the file is empty"],
    ["a top-level array", "[]", "the top level is not an object"],
    ["a wrong collection type", '{ "version": 1, "subscriptions": [] }', '"subscriptions" is not an object'],
    ["an unknown version", '{ "version": 7 }', "unknown version 7"],
  ];
  for (const [name, text, problem] of cases) {
    it(`refuses ${name}, keeps a copy aside and leaves the original as it was`, async () => {
      const dir = tmp();
      const file = join(dir, "db.json");
      writeFileSync(file, text);
      const err = await refused(file);
      const backup = `${file}.corrupt-2026-11-28T08-00-00-000Z`;
      expect(err.message).toContain(`State file ${file} is unreadable (${problem}`);
      expect(err.message).toContain(`A copy was kept at ${backup}; the original was not touched.`);
      expect(readFileSync(file, "utf8")).toBe(text);
      expect(readFileSync(backup, "utf8")).toBe(text);
      // A second start refuses again and still does not overwrite.
      await refused(file);
      expect(readFileSync(file, "utf8")).toBe(text);
    });
  }

  it("creates the file when there is none and reopens what it wrote", async () => {
    const file = join(tmp(), "nested", "db.json");
    const store = await openStateStore(file);
    await store.update((s) => {
      s.webhooks.x = { name: "x", url: "https://example.invalid/", addedAt: NOW.toISOString(), active: true, failures: 0 };
    });
    const again = await openStateStore(file);
    expect(again.data.webhooks.x?.name).toBe("x");
  });
});

describe("state file: group commit", () => {
  it("applies updates in call order and resolves each after a write that contains it", async () => {
    const file = join(tmp(), "db.json");
    const store = await openStateStore(file);
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        store.update((s) => {
          order.push(i);
          s.chats[`c${i}`] = { platform: "telegram", chatId: String(i), type: "group", active: true, firstSeen: "", updatedAt: "" };
        }).then(() => {
          const onDisk = JSON.parse(readFileSync(file, "utf8")) as { chats: Record<string, unknown> };
          expect(onDisk.chats[`c${i}`]).toBeDefined();
        }),
      ),
    );
    expect(order).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it("rejects the update whose function throws and keeps serving the others", async () => {
    const store = memoryStateStore();
    await expect(store.update(() => {
      throw new Error("boom");
    })).rejects.toThrow("boom");
    await expect(store.update((s) => Object.keys(s.chats).length)).resolves.toBe(0);
  });
});

describe("state file: SIGKILL during writes", { tags: ["slow"] }, () => {
  // The writer and the real state store bundled into one plain CommonJS file: the test starts it
  // eight times, and plain node starts it in a fifth of the time a TypeScript loader takes.
  let writer = "";
  beforeAll(async () => {
    writer = join(tmp(), "store-writer.cjs");
    // import.meta.url as in src/: modules that require() a package from there (zod) still find it.
    const here = JSON.stringify(pathToFileURL(join(ROOT, "src/config/env.ts")).href);
    await build({ entryPoints: [join(ROOT, "test/store.writer.cjs")], bundle: true, platform: "node", format: "cjs", outfile: writer, logLevel: "warning", define: { "import.meta.url": here } });
  });

  it("always leaves a whole, parseable db.json (killed 8 times mid-write)", async () => {
    const dir = tmp();
    const file = join(dir, "db.json");
    let last = -1;
    for (let round = 0; round < 8; round++) {
      const child = spawn(process.execPath, [writer, file], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.once("data", () => resolve());
        child.once("exit", (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
      });
      // Let it write for a varying while, then kill it without warning.
      await new Promise((r) => setTimeout(r, 10 + round * 12));
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
      const store = await openStateStore(file);
      const count = Object.keys(store.data.outbox).length;
      expect(count).toBeGreaterThanOrEqual(last);
      last = count;
    }
    expect(last).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((f) => f.includes("corrupt"))).toEqual([]);
  });
});
