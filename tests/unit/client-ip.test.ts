import { describe, expect, it } from "vitest";
import { clientIpFromForwarded, normaliseAddress, rateLimitKey } from "@/lib/http/client-ip";
import { parseTrustedProxies, type TrustedProxies } from "@/lib/http/trusted-proxies";
import { itReturnsEach } from "../support/tables";

const trust = (raw: string | undefined): TrustedProxies => {
  const parsed = parseTrustedProxies(raw);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
};

// The web server appends the socket's peer address, so the last entry is always the real peer.
describe("client address behind trusted proxies", () => {
  it("without PREFLIGHT_TRUSTED_PROXIES ignores what the client wrote and uses the socket's address", () => {
    expect(clientIpFromForwarded("6.6.6.6, 203.0.113.9", trust(undefined))).toBe("203.0.113.9");
    expect(clientIpFromForwarded("203.0.113.9", trust(""))).toBe("203.0.113.9");
  });

  it("with a hop count believes exactly that many proxies", () => {
    // client-forged, real client, proxy → Preflight sees the proxy as peer.
    expect(clientIpFromForwarded("6.6.6.6, 198.51.100.4, 10.0.0.2", trust("1"))).toBe("198.51.100.4");
    expect(clientIpFromForwarded("198.51.100.4, 10.0.0.3, 10.0.0.2", trust("2"))).toBe("198.51.100.4");
    expect(clientIpFromForwarded("10.0.0.2", trust("2"))).toBe("10.0.0.2");
  });

  it("with networks skips trusted entries from the right", () => {
    const proxies = trust("10.0.0.0/8, 192.168.1.7");
    expect(clientIpFromForwarded("6.6.6.6, 198.51.100.4, 10.1.2.3, 192.168.1.7", proxies)).toBe("198.51.100.4");
    // A peer that is not a trusted proxy counts itself, whatever it forwarded.
    expect(clientIpFromForwarded("10.9.9.9, 198.51.100.5", proxies)).toBe("198.51.100.5");
    expect(clientIpFromForwarded("::ffff:10.0.0.1", proxies)).toBe("10.0.0.1");
  });

  it("never returns junk or an oversized value", () => {
    expect(clientIpFromForwarded(`${"x".repeat(10_000)}`, trust(undefined))).toBe("unknown");
    expect(clientIpFromForwarded(undefined, trust(undefined))).toBe("unknown");
    expect(normaliseAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normaliseAddress("203.0.113.9:5000")).toBe("203.0.113.9");
  });

  it("refuses a configuration it cannot read", () => {
    expect(parseTrustedProxies("10.0.0.0/33").ok).toBe(false);
    expect(parseTrustedProxies("proxy.internal").ok).toBe(false);
    expect(parseTrustedProxies("99").ok).toBe(false);
  });
});

describe("rateLimitKey", () => {
  // So that one host cannot rotate through its addresses.
  itReturnsEach(
    rateLimitKey,
    [
      ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
      ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
      ["2001:0db8:0001:0002:ffff::9", "2001:db8:1:2::/64"],
      ["::1", "0:0:0:0::/64"],
      ["fe80::1%eth0", "fe80:0:0:0::/64"],
      ["64:ff9b::192.0.2.33", "64:ff9b:0:0::/64"],
    ],
    "counts the IPv6 client %s by its /64 network: %s",
  );

  it("keeps IPv4 addresses and anything else as they are", () => {
    expect(rateLimitKey("203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitKey("unknown")).toBe("unknown");
  });
});
