import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { secretKeys } from "../src/config/config.ts";
import { createLogger } from "../src/logger.ts";
import { PLATFORMS } from "../src/platforms/index.ts";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString("utf8"));
      cb();
    },
  });
  return { lines, logger: createLogger("info", stream, secretKeys(PLATFORMS)) };
}

describe("logger", () => {
  const token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1";

  it("redacts secrets passed as fields", () => {
    const { lines, logger } = capture();
    logger.info({ config: { BOT_TOKEN: token, WECOM_BOT_SECRET: "s3cr3t" }, token }, "starting");
    const out = lines.join("");
    expect(out).not.toContain(token);
    expect(out).not.toContain("s3cr3t");
    expect(out).toContain("[redacted]");
  });

  it("scrubs bot tokens out of error messages and stacks", () => {
    const { lines, logger } = capture();
    logger.error(new Error(`request to https://api.telegram.org/bot${token}/sendMessage failed`));
    const out = lines.join("");
    expect(out).not.toContain(token);
    expect(out).toContain("[redacted-token]");
  });
});
