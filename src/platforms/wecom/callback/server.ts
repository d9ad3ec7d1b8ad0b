import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../../../logger.ts";
import type { Services } from "../../../dispatch/types.ts";
import { isClientAbort, readLimitedBody, refuseTooLarge } from "../../http-body.ts";
import type { CallbackSection } from "../profile.ts";
import { createWecomCrypto, type WecomCrypto } from "../crypto.ts";
import { createMsgIdDedupe, type MsgIdDedupe } from "../dedupe.ts";
import { createUserRateLimiter, type UserRateLimiter } from "../../../interaction/rate-limit.ts";
import { handleMessage, handleVerify, type CallbackHandlerDeps, type HttpAnswer } from "./handler.ts";
import { createInFlight } from "../../in-flight.ts";

/** The one path WeCom is configured to call (admin console → API 模式 → URL). */
export const CALLBACK_PATH = "/wecom/callback";

export interface CallbackServerDeps {
  callback: CallbackSection;
  services: Services;
  logger: Logger;
  now?: () => Date;
}

export interface CallbackServerOptions {
  /** Overrides WECOM_CALLBACK_PORT (tests pass 0 for a free port). */
  port?: number;
  /** Interface to listen on; all interfaces by default, since WeCom must reach it (via a reverse proxy). */
  host?: string;
  /** Time allowed for a passive reply before answering empty and replying actively (WeCom waits 5 s). */
  budgetMs?: number;
  /** Who may change group settings (see incoming.ts); everyone when empty. */
  admins?: readonly string[];
  editors?: readonly string[];
  botName?: string;
  /** Clock for the timestamp/replay checks, in ms since the epoch. */
  clock?: () => number;
  crypto?: WecomCrypto;
  dedupe?: MsgIdDedupe;
  fetch?: typeof fetch;
  /** Per-user question limit (20 a minute by default). */
  limiter?: UserRateLimiter;
}

export interface RunningCallbackServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * Encrypted callback (API) mode: GET verifies the URL, POST carries messages. Everything before
 * decryption is refused with a short 4xx body and a log line naming the failed check — never
 * the token or the key.
 */
export async function startCallbackServer(deps: CallbackServerDeps, opts: CallbackServerOptions = {}): Promise<RunningCallbackServer> {
  const { callback, logger, services } = deps;
  const now = deps.now ?? (() => new Date());
  const crypto =
    opts.crypto ??
    createWecomCrypto({
      token: callback.token,
      encodingAESKey: callback.encodingAESKey,
      receiveId: callback.receiveId,
      maxSkewS: callback.maxSkewS,
      now: opts.clock ?? (() => now().getTime()),
    });
  const inFlight = createInFlight();
  const track = (work: Promise<unknown>): void => inFlight.track(work, (err) => logger.error({ err }, "wecom callback: background work failed"));
  const handlerDeps: CallbackHandlerDeps = {
    crypto,
    services,
    logger,
    dedupe: opts.dedupe ?? createMsgIdDedupe(),
    budgetMs: opts.budgetMs ?? 4000,
    fetch: opts.fetch ?? fetch,
    now,
    track,
    chats: (await services.stateful).chats,
    admins: opts.admins,
    editors: opts.editors,
    botName: opts.botName,
    limiter: opts.limiter ?? createUserRateLimiter(),
  };

  const server = createServer((req, res) => {
    track(
      serve(req, res, handlerDeps).catch((err: unknown) => {
        // A client that hung up mid-request is not our failure.
        if (!isClientAbort(err, req)) throw err;
        logger.debug({ err }, "wecom callback: client went away");
      }),
    );
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;

  const port = opts.port ?? callback.port;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, opts.host ?? "0.0.0.0", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info({ port: bound, path: CALLBACK_PATH }, "wecom callback server listening");

  return {
    port: bound,
    async stop() {
      // Stop accepting, let requests and late active replies finish, then drop idle keep-alives.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await inFlight.drain();
      server.closeAllConnections();
      await closed;
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, deps: CallbackHandlerDeps): Promise<void> {
  const url = new URL(req.url ?? "/", "http://callback.invalid");
  let answer: HttpAnswer;
  if (url.pathname !== CALLBACK_PATH) {
    answer = { status: 404, body: "not found" };
  } else if (req.method === "GET") {
    answer = handleVerify(url.searchParams, deps);
  } else if (req.method === "POST") {
    const read = await readLimitedBody(req);
    if (read.status === "aborted") return void deps.logger.debug("wecom callback: client went away before sending the whole body");
    if (read.status === "too-large") {
      deps.logger.debug({ path: url.pathname }, "wecom callback: body too large; refused");
      return refuseTooLarge(req, res);
    }
    answer = await handleMessage(url.searchParams, read.body.toString("utf8"), String(req.headers["content-type"] ?? ""), deps);
  } else {
    answer = { status: 405, body: "method not allowed" };
  }
  if (answer.status >= 400) deps.logger.debug({ status: answer.status, method: req.method, path: url.pathname }, "wecom callback: refused");
  if (answer.status === 405) res.setHeader("allow", "GET, POST");
  res.writeHead(answer.status, { "content-type": answer.contentType ?? "text/plain; charset=utf-8", "content-length": Buffer.byteLength(answer.body) });
  res.end(answer.body);
}
