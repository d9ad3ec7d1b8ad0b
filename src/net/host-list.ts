import { isIP } from "node:net";
import { hostKey } from "./address-policy.ts";

/**
 * An allow-list variable (WECOM_WEBHOOK_ALLOWED_HOSTS, INGEST_ALLOWED_HOSTS): host names or IP
 * addresses separated by commas or spaces. Each must be written as a URL writes it — 127.0.0.1,
 * not 127.1 or 2130706433 — so the list means exactly the hosts it shows. Entries are returned
 * in hostKey form (lower case, IPv6 without brackets).
 */
export function parseHostList(value: string | undefined): { hosts: string[]; bad: string[] } {
  const hosts: string[] = [];
  const bad: string[] = [];
  for (const entry of (value ?? "").split(/[\s,，;；]+/).filter(Boolean)) {
    const key = hostKey(entry);
    let canonical: string | undefined;
    try {
      canonical = hostKey(new URL(`http://${isIP(key) === 6 ? `[${key}]` : key}/`).hostname);
    } catch {
      canonical = undefined;
    }
    if (canonical === key && /^[a-z0-9.:-]+$/.test(key)) hosts.push(key);
    else bad.push(entry);
  }
  return { hosts, bad };
}

export const HOST_LIST_MESSAGE =
  "must be host names or IP addresses written in full (robot.example.org, 127.0.0.1, ::1), separated by commas; no scheme, port, path or shortened IP form";
