import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boundedDownloader } from "../src/platforms/wecom/aibot/uploads.ts";

// A file server that sends the headers and the first bytes, then stalls: the download must end
// at its time bound, not hang the editor's upload (the SDK's own download has no such bound on
// a body that trickles).
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/octet-stream" });
    res.write(Buffer.alloc(1024, 0x41));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/file`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("the WeCom AI bot's file download", () => {
  it("stops a body that stalls at its time bound", async () => {
    // Without the bound the read never ends, and the test's own timeout fails it.
    await expect(boundedDownloader({ timeoutMs: 300 }).downloadFile(url)).rejects.toMatchObject({ name: "TimeoutError" });
  });
});
