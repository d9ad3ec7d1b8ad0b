import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { AddressRefusedError, checkedLookup, literalVerdict, type AddressPolicy, type Resolve } from "./address-policy.ts";

/**
 * One JSON POST under the outbound-address policy, for pushes to URLs that chat users registered.
 * node:http, not fetch: its `lookup` hook lets the policy see the exact addresses the socket will
 * use. Redirects are never followed (the caller sees the 3xx), and the answer is read up to 64 KB.
 */
export interface PostJsonOptions {
  policy: AddressPolicy;
  resolve?: Resolve;
  timeoutMs: number;
}

export interface PostJsonAnswer {
  status: number;
  /** The parsed JSON body; undefined when it was not JSON. */
  data: unknown;
}

const MAX_ANSWER_BYTES = 64 * 1024;

export function postJson(rawUrl: string, body: unknown, opts: PostJsonOptions): Promise<PostJsonAnswer> {
  const url = new URL(rawUrl);
  const literal = literalVerdict(opts.policy, url.hostname);
  if (literal) return Promise.reject(new AddressRefusedError(`address ${url.hostname} refused: ${literal}`));
  const payload = Buffer.from(JSON.stringify(body));
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": payload.length },
        lookup: checkedLookup(opts.policy, opts.resolve),
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res) => void readAnswer(res).then(resolve, reject),
    );
    req.on("error", reject);
    req.end(payload);
  });
}

async function readAnswer(res: IncomingMessage): Promise<PostJsonAnswer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res) {
    total += (chunk as Buffer).length;
    if (total > MAX_ANSWER_BYTES) {
      res.destroy();
      break;
    }
    chunks.push(chunk as Buffer);
  }
  let data: unknown;
  try {
    data = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    data = undefined;
  }
  return { status: res.statusCode ?? 0, data };
}
