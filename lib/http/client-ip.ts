// The client's address, for rate limits and the audit log. X-Forwarded-For is a list anyone can start:
// only the hops added by proxies we trust are believed. The web server (scripts/web-server.mjs, lib/http/serve.ts) appends the
// socket's peer address to the list on every request, so its last entry is always the real peer.
// Which proxies are trusted is PREFLIGHT_TRUSTED_PROXIES (lib/http/trusted-proxies.ts).
import { isIP } from "node:net";
import { getWebEnv } from "@/lib/env";
import type { TrustedProxies } from "./trusted-proxies";

const MAX_HEADER_ENTRIES = 50;

/** "::ffff:10.1.2.3" → "10.1.2.3"; "[::1]:443" and "10.1.2.3:5000" lose the port; anything else → null. */
export function normaliseAddress(raw: string): string | null {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(value)) value = value.slice(7);
  return isIP(value) ? value.toLowerCase() : null;
}

/**
 * What sign-in limits count attempts by: an IPv4 address as it is, an IPv6 address by its /64 network. One
 * host usually holds a whole /64, so counting single IPv6 addresses would give an attacker endless fresh ones.
 */
export function rateLimitKey(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  // A zone id ("%eth0") names the local interface; an embedded IPv4 tail ("…:1.2.3.4") is two groups.
  const address = ip.split("%")[0]!.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a: string, b: string, c: string, d: string) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`,
  );
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = address.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(":")}::/64`;
}

/**
 * The client address from an X-Forwarded-For value (the web server's last entry is the socket peer).
 * "unknown" when there is nothing usable.
 */
export function clientIpFromForwarded(forwardedFor: string | null | undefined, trusted: TrustedProxies): string {
  const chain = (forwardedFor ?? "").split(",").slice(-MAX_HEADER_ENTRIES).map(normaliseAddress);
  if (chain.length === 0) return "unknown";
  let index = chain.length - 1;
  if (trusted.kind === "hops") {
    index = Math.max(0, chain.length - 1 - trusted.hops);
  } else if (trusted.kind === "networks") {
    while (index > 0) {
      const address = chain[index];
      if (!address || !trusted.list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6")) break;
      index -= 1;
    }
  }
  return chain[index] ?? "unknown";
}

/** The client address for a request's headers (a Headers object or next-auth's plain record). */
export function clientIp(headers: Headers | Record<string, unknown> | undefined): string {
  const value = headers instanceof Headers ? headers.get("x-forwarded-for") : headers?.["x-forwarded-for"];
  return clientIpFromForwarded(typeof value === "string" ? value : null, getWebEnv().PREFLIGHT_TRUSTED_PROXIES);
}
