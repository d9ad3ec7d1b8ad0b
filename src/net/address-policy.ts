import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * The outbound-address policy: the bot makes requests to URLs that chat users supply (group-robot
 * webhooks) or that editors supply (newsletter links), so a request must never reach the bot's own
 * machine or its network. Every address a request is about to connect to — after DNS, on every
 * hop, for IP literals too — is classified by ipaddr.js; only global unicast passes. IPv4-mapped
 * IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it maps to; IPv4-compatible IPv6
 * (::127.0.0.1, which URLs write as ::7f00:1 and ipaddr.js counts as unicast), NAT64, 6to4 and
 * Teredo forms, which embed an IPv4 address, are refused outright. Hosts the operator lists explicitly (a local
 * stand-in, an intranet server) are exempt: that is the operator's decision, not a chat user's.
 */
export interface AddressCandidate {
  /** The name as in the URL (lower case; an IPv6 literal without brackets). */
  hostname: string;
  address: string;
  family: number;
}

/** Returns a reason (for the log) to refuse connecting to this address; undefined allows it. */
export type AddressPolicy = (target: AddressCandidate) => string | undefined;

/** The range name of an address that is not global unicast ("loopback", "private" …), else undefined. */
export function nonPublicRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return "not an IP address";
  // The WHATWG spelling first: ipaddr.js reads a dotted tail after "::" (::8.8.8.8) as IPv4-mapped,
  // where the URL parser and the socket see the IPv4-compatible ::808:808.
  const parsed = ipaddr.parse(address.includes(":") ? whatwgIPv6(address) : address);
  // ::/96 beyond :: and ::1 (the deprecated IPv4-compatible form): it names an IPv4 host, never a public IPv6 one.
  if (parsed instanceof ipaddr.IPv6 && parsed.parts.slice(0, 6).every((p) => p === 0) && (parsed.parts[6] !== 0 || parsed.parts[7]! > 1)) {
    return "ipv4Compatible";
  }
  const range = ipaddr.process(parsed.toString()).range();
  return range === "unicast" ? undefined : range;
}

function whatwgIPv6(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address; // a zone id (fe80::1%eth0): no URL spelling, and link-local anyway
  }
}

/** Hosts compare as URL.hostname writes them: lower case, IPv6 without brackets. */
export function hostKey(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, "");
}

/** Refuses every non-public address, except for hosts the operator named (exact, canonical names). */
export function publicAddressPolicy(allowedHosts: readonly string[] = []): AddressPolicy {
  const allowed = new Set(allowedHosts.map(hostKey));
  return ({ hostname, address }) => {
    if (allowed.has(hostKey(hostname))) return undefined;
    const range = nonPublicRange(address);
    return range ? `${address} is ${range}` : undefined;
  };
}

/** Thrown (through a request's error event) when the policy refused every way to connect. */
export class AddressRefusedError extends Error {
  override name = "AddressRefusedError";
}

/** How names are resolved: dns.lookup with all addresses (tests inject a fixed table). */
export type Resolve = (hostname: string, family: number | undefined, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemResolve: Resolve = (hostname, family, callback) => dnsLookup(hostname, { all: true, family: family ?? 0 }, callback);

/**
 * A `lookup` for http.request: resolves, then applies the policy to every address returned, so the
 * check and the connection use the same answer (no gap for DNS rebinding to slip through).
 */
export function checkedLookup(
  policy: AddressPolicy,
  resolve: Resolve = systemResolve,
  refuse: (reason: string) => Error = (r) => new AddressRefusedError(r),
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, typeof options.family === "number" ? options.family : undefined, (err, addresses) => {
      if (err) return callback(err, "", 0);
      for (const a of addresses) {
        const reason = policy({ hostname, address: a.address, family: a.family });
        if (reason) return callback(refuse(`address ${a.address} of ${hostname} refused: ${reason}`), "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Node connects to an IP literal without calling `lookup`: the policy's verdict on one, if the host is one. */
export function literalVerdict(policy: AddressPolicy, hostname: string): string | undefined {
  const bare = hostKey(hostname);
  const family = isIP(bare);
  return family ? policy({ hostname: bare, address: bare, family }) : undefined;
}
