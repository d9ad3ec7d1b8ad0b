import { BlockList, isIP } from "node:net";
import type { AddressCandidate } from "./fetch-document.ts";

/**
 * The address policy for links sent in chat (fetch-document.ts `addressPolicy`): only public
 * addresses. A link from a chat must not make the bot fetch its own host, the office network or
 * a cloud metadata service (169.254.169.254); `cli ingest` on the server has no such policy.
 */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const) {
  PRIVATE.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [
  ["::", 127],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  PRIVATE.addSubnet(net, bits, "ipv6");
}

export function publicAddressesOnly(target: AddressCandidate): string | undefined {
  let address = target.address;
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) address = mapped[1];
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  return PRIVATE.check(address, family) ? `${address} is not a public address` : undefined;
}
