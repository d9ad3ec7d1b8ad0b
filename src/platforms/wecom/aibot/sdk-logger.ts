import type { Logger as SdkLogger } from "@wecom/aibot-node-sdk";
import type { Logger } from "../../../logger.ts";

/**
 * Routes the SDK's console-style logging into pino. The SDK never prints the bot secret itself,
 * but any string that contains one of `secrets` is scrubbed anyway: a log line is the last
 * place a credential should turn up.
 */
export function sdkLogger(logger: Logger, secrets: readonly string[]): SdkLogger {
  const child = logger.child({ component: "wecom-sdk" });
  const scrub = (s: string): string => secrets.reduce((acc, secret) => (secret ? acc.split(secret).join("[redacted]") : acc), s);
  const line = (message: string, args: unknown[]): string =>
    scrub([message, ...args.map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : safeJson(a)))].join(" "));
  return {
    debug: (m: string, ...args: unknown[]) => child.debug(line(m, args)),
    info: (m: string, ...args: unknown[]) => child.info(line(m, args)),
    warn: (m: string, ...args: unknown[]) => child.warn(line(m, args)),
    error: (m: string, ...args: unknown[]) => child.error(line(m, args)),
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
