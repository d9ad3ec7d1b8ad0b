import { describe, it } from "vitest";
import { runToEnd, spawnApp, tempDataDir } from "./support/spawn-app.ts";

// Two independent processes: started side by side.
describe.concurrent("npm start with no tokens: the console chat", () => {
  it("answers each piped line, then exits 0", async ({ expect }) => {
    const dataDir = tempDataDir();
    const out = await runToEnd(spawnApp({ DATA_DIR: dataDir }), "逢6进站\n\n帮助\n");
    expect(out.code).toBe(0);
    const answers = out.stdout.trim().split(/\n\n(?=【)/);
    expect(answers[0]).toContain("大祥区城北路街道人大工委");
    expect(out.stdout).toContain("案例通 · 使用说明");
    // Piped input is not a terminal: no banner, no prompt noise in the output.
    expect(out.stdout).not.toContain("你> ");
  });

  it("stops with the variable to fix when the environment is wrong", async ({ expect }) => {
    const out = await runToEnd(spawnApp({ BOT_TOKEN: "not-a-token" }));
    expect(out.code).toBe(78);
    expect(out.stderr).toContain("BOT_TOKEN: must look like 123456789:AA…");
    expect(out.stderr).not.toContain("not-a-token");
  });
});
