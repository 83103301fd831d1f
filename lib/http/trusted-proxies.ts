// PREFLIGHT_TRUSTED_PROXIES, parsed (lib/env.ts validates it at start; lib/http/client-ip.ts uses it):
//   unset / ""     no proxy is trusted: the socket's peer address counts, whatever the client sent;
//   "1", "2"…      that many proxies in front of Preflight (the last N entries are theirs);
//   "10.0.0.0/8, 192.168.1.7"   proxies by address: entries from these networks are skipped, right to left.
import { BlockList, isIP } from "node:net";

export type TrustedProxies = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "networks"; list: BlockList; text: string };

export type ParsedTrustedProxies = { ok: true; value: TrustedProxies } | { ok: false; problem: string };

export function parseTrustedProxies(raw: string | undefined): ParsedTrustedProxies {
  const text = (raw ?? "").trim();
  if (text === "" || text === "0") return { ok: true, value: { kind: "none" } };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) return { ok: false, problem: "PREFLIGHT_TRUSTED_PROXIES: a hop count is from 0 to 10" };
    return { ok: true, value: { kind: "hops", hops } };
  }
  const list = new BlockList();
  for (const entry of text.split(",").map((e) => e.trim()).filter(Boolean)) {
    const [address = "", prefixText] = entry.split("/");
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
    if (family === 0 || prefix < 0 || prefix > max) {
      return { ok: false, problem: `PREFLIGHT_TRUSTED_PROXIES: "${entry.slice(0, 60)}" is not an address or network (use e.g. 10.0.0.0/8, 192.168.1.7 or a hop count)` };
    }
    list.addSubnet(address, prefix, family === 4 ? "ipv4" : "ipv6");
  }
  return { ok: true, value: { kind: "networks", list, text } };
}
