import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { webhookCallback, type Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../../logger.ts";
import { isClientAbort, readLimitedBody, refuseTooLarge, WEBHOOK_BODY_LIMIT } from "../http-body.ts";
import type { BotContext } from "./context.ts";

export interface WebhookServerOptions {
  /** The path of WEBHOOK_URL; anything else is 404. */
  path: string;
  secret?: string;
  logger: Logger;
  /** Body size limit in bytes (1 MB). */
  limit?: number;
}

/**
 * Webhook mode's HTTP server. The body is read here, at most `limit` bytes (413 past it, the
 * connection closed so the rest is never read), and handed to grammY's webhookCallback through an
 * adapter that is grammY's own "http" one minus the unbounded read.
 */
export function createWebhookServer(bot: Bot<BotContext>, opts: WebhookServerOptions): Server {
  const { logger } = opts;
  const callback = webhookCallback(bot, (req: IncomingMessage, res: ServerResponse, update: Update) => {
    const header = req.headers["x-telegram-bot-api-secret-token"];
    return {
      update,
      header: Array.isArray(header) ? header[0] : header,
      end: () => res.end(),
      respond: (json: string) => res.writeHead(200, { "content-type": "application/json" }).end(json),
      unauthorized: () => res.writeHead(401).end("secret token is wrong"),
    };
  }, {
    secretToken: opts.secret,
    // Telegram retries a webhook that does not answer in time; the tracker keeps shutdown waiting.
    onTimeout: "return",
    timeoutMilliseconds: 8_000,
  });

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== "POST" || new URL(req.url ?? "/", "http://x").pathname !== opts.path) {
      res.writeHead(404).end();
      return;
    }
    const read = await readLimitedBody(req, opts.limit ?? WEBHOOK_BODY_LIMIT);
    if (read.status === "aborted") return void logger.debug("telegram: webhook client went away before sending the whole update");
    if (read.status === "too-large") {
      logger.warn({ limit: opts.limit ?? WEBHOOK_BODY_LIMIT }, "telegram: webhook body too large; refused");
      return refuseTooLarge(req, res);
    }
    let update: Update;
    try {
      update = JSON.parse(read.body.toString("utf8")) as Update;
    } catch {
      res.writeHead(400).end("body is not JSON");
      return;
    }
    await (callback(req, res, update) as unknown as Promise<void>);
  };

  return createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      if (isClientAbort(err, req)) logger.debug({ err }, "telegram: webhook client went away");
      else logger.error({ err }, "telegram: webhook request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
}
