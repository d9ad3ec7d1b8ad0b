import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for WeCom's group-robot endpoint (POST /cgi-bin/webhook/send?key=…) on 127.0.0.1.
 * It checks the key, enforces the markdown byte limit and 20 messages a minute per key like the
 * real service, records what it accepted, and can be told to answer the next requests with an
 * error code. Any other POST path (an AI bot's response_url) is recorded and answered errcode 0.
 */
export interface RecordedPost {
  path: string;
  key: string | null;
  body: unknown;
}

export interface FakeWebhookServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly base: string;
  /** Webhook URL for a key, in WeCom's shape. */
  url(key: string): string;
  /** Accepted group-robot messages, in order. */
  readonly messages: Array<{ key: string; msgtype: string; content: string }>;
  /** Every POST, accepted or not (robot sends and other paths). */
  readonly posts: RecordedPost[];
  /**
   * After letting `skip` robot sends through, the next `times` get this errcode
   * (45009 = rate limit, 93000 = invalid webhook url).
   */
  failNext(errcode: number, times?: number, skip?: number): void;
  /** Answers the next `times` robot sends with this HTTP status and a non-JSON body. */
  httpErrorNext(status: number, times?: number): void;
  close(): Promise<void>;
}

export const ERRMSG: Record<number, string> = {
  45009: "api freq out of limit",
  93000: "invalid webhook url",
  40058: "markdown.content exceed max length 4096",
  44004: "markdown.content is empty",
};

export async function startWebhookServer(opts: { keys: string[]; perMinute?: number; now?: () => number }): Promise<FakeWebhookServer> {
  const keys = new Set(opts.keys);
  const perMinute = opts.perMinute ?? 20;
  const now = opts.now ?? Date.now;
  const sentAt = new Map<string, number[]>();
  const messages: FakeWebhookServer["messages"] = [];
  const posts: RecordedPost[] = [];
  // null: let this send through (see failNext's skip).
  const failures: Array<number | null> = [];
  const httpFailures: number[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://x");
      const raw = await read(req);
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      const key = url.searchParams.get("key");
      posts.push({ path: url.pathname, key, body });
      const reply = (status: number, data: unknown): void => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(typeof data === "string" ? data : JSON.stringify(data));
      };
      const err = (errcode: number) => reply(200, { errcode, errmsg: ERRMSG[errcode] ?? "error" });
      if (req.method !== "POST") return reply(405, "method not allowed");
      if (url.pathname !== "/cgi-bin/webhook/send") return reply(200, { errcode: 0, errmsg: "ok" });

      const status = httpFailures.shift();
      if (status !== undefined) return reply(status, "<html>bad gateway</html>");
      if (!key || !keys.has(key)) return err(93000);
      const forced = failures.shift();
      if (forced !== undefined && forced !== null) return err(forced);
      const b = body as { msgtype?: string; markdown?: { content?: string } };
      if (b?.msgtype !== "markdown" || typeof b.markdown?.content !== "string") return err(40008);
      if (b.markdown.content === "") return err(44004);
      if (Buffer.byteLength(b.markdown.content) > 4096) return err(40058);
      const t = now();
      const recent = (sentAt.get(key) ?? []).filter((at) => t - at < 60_000);
      if (recent.length >= perMinute) {
        sentAt.set(key, recent);
        return err(45009);
      }
      sentAt.set(key, [...recent, t]);
      messages.push({ key, msgtype: b.msgtype, content: b.markdown.content });
      return reply(200, { errcode: 0, errmsg: "ok" });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    url: (key) => `${base}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`,
    messages,
    posts,
    failNext(errcode, times = 1, skip = 0) {
      for (let i = 0; i < skip; i++) failures.push(null);
      for (let i = 0; i < times; i++) failures.push(errcode);
    },
    httpErrorNext(status, times = 1) {
      for (let i = 0; i < times; i++) httpFailures.push(status);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
