// Child process for test/store.state.test.ts: writes the state file in a tight loop until killed.
// The test bundles it with esbuild (the real src/store/state-store.ts inside) and runs the bundle
// as `node <bundle> <db.json>`.
/* global require, process */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { openStateStore } = require("../src/store/state-store.ts");

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error("usage: store.writer.cjs <db.json>");
  const store = await openStateStore(file);
  let n = Object.keys(store.data.outbox).length;
  process.stdout.write("ready\n");
  for (;;) {
    const batch = [];
    for (let i = 0; i < 20; i++) {
      const k = `telegram:-${n}@2026-11-30T09:00+08:00`;
      n += 1;
      batch.push(
        store.update((s) => {
          s.outbox[k] = {
            key: k,
            subscription: `telegram:-${n}`,
            period: "2026-11-30T09:00+08:00",
            platform: "telegram",
            chatId: `-${n}`,
            caseId: "x".repeat(200),
            status: "pending",
            createdAt: new Date().toISOString(),
            updatedAt: new Date().toISOString(),
            attempts: 0,
          };
        }),
      );
    }
    await Promise.all(batch);
  }
}

void main();
