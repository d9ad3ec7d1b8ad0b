import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The largest request body a webhook endpoint takes (Telegram updates and WeCom callbacks are a few
 * KB; a document upload arrives by file id, not in the body).
 */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

export type BodyRead = { status: "ok"; body: Buffer } | { status: "too-large" } | { status: "aborted" };

/**
 * Reads a request body, keeping at most `limit` bytes in memory: a Content-Length over the limit is
 * refused before reading anything, and a chunked body stops being read as soon as it passes the
 * limit. A client that disconnects mid-body is "aborted" (its own doing, not our failure).
 */
export function readLimitedBody(req: IncomingMessage, limit = WEBHOOK_BODY_LIMIT): Promise<BodyRead> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ status: "too-large" });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: BodyRead): void => {
      req.off("data", onData).off("end", onEnd).off("error", onAbort).off("aborted", onAbort).off("close", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        done({ status: "too-large" });
      } else chunks.push(chunk);
    };
    const onEnd = (): void => done({ status: "ok", body: Buffer.concat(chunks) });
    const onAbort = (): void => done({ status: "aborted" });
    const onClose = (): void => {
      if (!req.complete) onAbort();
    };
    req.on("data", onData).once("end", onEnd).once("error", onAbort).once("aborted", onAbort).once("close", onClose);
  });
}

/** Answers 413 and closes the connection, so the rest of an oversized body is never read. */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  const body = "request body too large";
  res.writeHead(413, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body), connection: "close" });
  res.end(body, () => req.destroy());
}

/** A failure caused by the client going away (closed the connection mid-request): worth a debug line, not an error. */
export function isClientAbort(err: unknown, req?: IncomingMessage): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ECONNRESET" || code === "EPIPE" || code === "ERR_STREAM_PREMATURE_CLOSE" || code === "ECONNABORTED") return true;
  if ((err as Error | undefined)?.message === "aborted") return true;
  return req !== undefined && (req.destroyed || req.socket?.destroyed === true) && !req.complete;
}
