import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli.ts";
import { createLogger } from "../src/logger.ts";
import { createWebhookService } from "../src/platforms/wecom/webhook/service.ts";
import { memoryStateStore } from "../src/store/state-store.ts";

const silent = createLogger("silent");

/** Runs the CLI in-process over the given stdin text; resolves to stdout. */
async function cli(argv: string[], stdin: string): Promise<string> {
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  await runCli(argv, { stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr: new PassThrough(), env: { ...process.env, LOG_LEVEL: "silent" } });
  return out;
}

describe("rough edges (issue 11, defect 10)", () => {
  it("cli ask --json: a bare \\r inside a line stays in that line — one JSON object per input line", async () => {
    const out = await cli(["ask", "--json"], "联络站\r进集市\n监督\r\n");
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect((JSON.parse(lines[0]!) as { query: string }).query).toContain("进集市");
    expect((JSON.parse(lines[1]!) as { query: string }).query).toBe("监督");
  });

  it("推送群 添加 and 删除 of the same robot at once: neither throws", async () => {
    const svc = createWebhookService({ store: memoryStateStore(), logger: silent, maxFailures: 3 });
    const url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
    const [added, removed] = await Promise.all([svc.add("研究室", url), svc.remove("研究室")]);
    expect(added.webhook.name).toBe("研究室");
    expect(removed).toBe(true);
    expect(svc.list()).toEqual([]);
  });
});
