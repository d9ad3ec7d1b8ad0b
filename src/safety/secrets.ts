/**
 * The one scrubber for text that leaves the process: every log line (logger.ts) and every error
 * string the state file keeps (outbox errors, deactivation reasons, webhook failures). Error
 * messages quote request URLs — grammY's fetch errors carry `/bot<token>/method`, a group robot's
 * URL carries `?key=<robot key>` — so the credential is cut out wherever it appears.
 */
const TELEGRAM_TOKEN = /\d{6,}:[A-Za-z0-9_-]{30,}/g;
/** A WeCom robot key (or any `key=` credential) of 8+ characters; an already redacted `key=…1a2b` stays. */
const URL_KEY = /([?&]key=)[A-Za-z0-9_-]{8,}/gi;

export function scrubSecrets(text: string): string {
  return text.replace(TELEGRAM_TOKEN, "[redacted-token]").replace(URL_KEY, "$1[redacted]");
}

/** A stored reason: scrubbed and bounded, so one odd error cannot bloat the state file. */
export function storedReason(text: string, max = 300): string {
  const clean = scrubSecrets(text);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
