import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardedFetch, outboundPolicy, refusedReason, type GuardedRequest } from "@/lib/deploys/outbound-guard";
import { itReturnsEach } from "../support/tables";

const servers: Server[] = [];
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

const get = (maxBodyBytes = 1024): GuardedRequest => ({ method: "GET", headers: {}, maxBodyBytes, signal: AbortSignal.timeout(5000) });

describe("which addresses are refused by default", () => {
  itReturnsEach(refusedReason, [
    ["127.0.0.1", "a loopback address"],
    ["127.10.0.3", "a loopback address"],
    ["::1", "a loopback address"],
    ["::ffff:127.0.0.1", "a loopback address"],
    ["::ffff:7f00:1", "a loopback address"],
    ["169.254.169.254", "a link-local address"],
    ["::ffff:169.254.169.254", "a link-local address"],
    ["fe80::1", "a link-local address"],
    ["10.0.0.1", "a private address"],
    ["172.16.0.1", "a private address"],
    ["172.31.255.255", "a private address"],
    ["192.168.1.1", "a private address"],
    ["fc00::1", "a private address"],
    ["fd12:3456::1", "a private address"],
    ["100.64.0.1", "a shared (CGNAT) address"],
    ["0.0.0.0", "an unspecified address"],
    ["::", "an unspecified address"],
    ["224.0.0.1", "a multicast address"],
    ["ff02::1", "a multicast address"],
    ["255.255.255.255", "a reserved address"],
    ["64:ff9b::a9fe:a9fe", "a link-local address"],
  ], "%s is %s");

  it.each(["8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888", "1.1.1.1"])("%s is public", (address) => {
    expect(refusedReason(address)).toBeNull();
  });

  it("names a malformed allow-list entry instead of ignoring it", () => {
    expect(() => outboundPolicy(undefined, "example.com, 10.0.0.0/99")).toThrow("PREFLIGHT_OUTBOUND_ALLOW: “10.0.0.0/99” is not a host name, an IP address or a CIDR");
  });
});

describe("guardedFetch", () => {
  let plain: string;
  let redirecting: string;
  let endless: string;
  let seen: IncomingHttpHeaders | undefined;
  beforeAll(async () => {
    plain = await serve((req, res) => {
      seen = req.headers;
      res.end("hello");
    });
    redirecting = await serve((req, res) => {
      const query = new URL(req.url!, "http://x").searchParams;
      res.writeHead(Number(query.get("code") ?? 302), { location: query.get("to") ?? req.url! }).end();
    });
    endless = await serve((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, "a");
      const pump = () => {
        while (res.write(chunk));
        res.once("drain", pump);
      };
      pump();
      res.on("close", () => res.removeAllListeners("drain"));
    });
  });

  it("refuses a loopback address, naming it and the way to allow it", async () => {
    await expect(guardedFetch(`${plain}/`, get(), outboundPolicy(undefined, ""))).rejects.toThrow("Refused: 127.0.0.1 is a loopback address; allow it with PREFLIGHT_OUTBOUND_ALLOW");
  });

  it("refuses the metadata address without connecting", async () => {
    await expect(guardedFetch("http://169.254.169.254/latest/meta-data/", get(), outboundPolicy(undefined, ""))).rejects.toThrow(
      "Refused: 169.254.169.254 is a link-local address; allow it with PREFLIGHT_OUTBOUND_ALLOW",
    );
  });

  it.each([
    ["http://[::1]/", "Refused: ::1 is a loopback address"],
    ["http://[::ffff:169.254.169.254]/", "Refused: ::ffff:a9fe:a9fe is a link-local address"],
    ["http://2130706433/", "Refused: 127.0.0.1 is a loopback address"],
    ["http://0x7f000001/", "Refused: 127.0.0.1 is a loopback address"],
    ["http://0.0.0.0:8080/", "Refused: 0.0.0.0 is an unspecified address"],
    ["ftp://example.com/", "Refused: ftp: is not http(s)"],
  ])("refuses %s however the address is written", async (target, message) => {
    await expect(guardedFetch(target, get(), outboundPolicy(undefined, ""))).rejects.toThrow(message);
  });

  it("checks a host name after resolving it", async () => {
    await expect(guardedFetch(`${plain.replace("127.0.0.1", "localhost")}/`, get(), outboundPolicy(undefined, ""))).rejects.toThrow(/^Refused: localhost \((127\.0\.0\.1|::1)\) is a loopback address/);
  });

  it("lets through what the installation allows, and Preflight's own origin", async () => {
    expect((await guardedFetch(`${plain}/`, get(), outboundPolicy(undefined, "127.0.0.0/8"))).body).toBe("hello");
    expect((await guardedFetch(`${plain}/`, get(), outboundPolicy(undefined, "127.0.0.1"))).body).toBe("hello");
    expect((await guardedFetch(`${plain}/health`, get(), outboundPolicy(plain, ""))).status).toBe(200);
    // Through our own lookup: every address localhost resolves to is checked, then connected to.
    expect((await guardedFetch(`${plain.replace("127.0.0.1", "localhost")}/`, get(), outboundPolicy(undefined, "127.0.0.0/8, ::1"))).body).toBe("hello");
  });

  it("checks every redirect hop: an allowed host cannot bounce the step to the metadata address", async () => {
    const policy = outboundPolicy(undefined, "127.0.0.1");
    await expect(guardedFetch(`${redirecting}/?to=${encodeURIComponent("http://169.254.169.254/latest/meta-data/")}`, get(), policy)).rejects.toThrow(
      "Refused: 169.254.169.254 is a link-local address",
    );
    // Preflight's own origin redirecting elsewhere is checked too.
    await expect(guardedFetch(`${redirecting}/?to=${encodeURIComponent(`${plain}/`)}`, get(), outboundPolicy(redirecting, ""))).rejects.toThrow("Refused: 127.0.0.1 is a loopback address");
  });

  it("caps the number of redirects", async () => {
    await expect(guardedFetch(`${redirecting}/loop`, get(), outboundPolicy(undefined, "127.0.0.1"))).rejects.toThrow("Refused: more than 5 redirects");
  });

  it("does not carry credentials or any step header that may hold a secret to another origin on a redirect", async () => {
    const headers = { authorization: "Bearer s3cret", "x-api-key": "s3cret", accept: "application/json" };
    const response = await guardedFetch(`${redirecting}/?to=${encodeURIComponent(`${plain}/`)}`, { ...get(), headers }, outboundPolicy(undefined, "127.0.0.1"));
    expect(response).toMatchObject({ status: 200, redirects: 1, url: `${plain}/` });
    expect(seen?.authorization).toBeUndefined();
    expect(seen?.["x-api-key"]).toBeUndefined();
    expect(seen?.accept).toBe("application/json");
  });

  it("refuses a 307/308 that would send the request body to another origin", async () => {
    const post = { ...get(), method: "POST", headers: { "content-type": "application/json" }, body: '{"token":"s3cret"}' };
    seen = undefined;
    await expect(guardedFetch(`${redirecting}/?code=307&to=${encodeURIComponent(`${plain}/`)}`, post, outboundPolicy(undefined, "127.0.0.1"))).rejects.toThrow(
      "Refused: a 307 redirect would send the request body to another origin",
    );
    expect(seen).toBeUndefined();
  });

  it("stops reading a body at the cap, even an endless one", async () => {
    const response = await guardedFetch(`${endless}/`, get(1024), outboundPolicy(undefined, "127.0.0.1"));
    expect(response).toMatchObject({ status: 200, truncated: true });
    expect(response.body).toHaveLength(1024);
    const none = await guardedFetch(`${endless}/`, get(0), outboundPolicy(undefined, "127.0.0.1"));
    expect(none).toMatchObject({ status: 200, body: "" });
  });
});
