// The outbound guard for HTTP, NOTIFY and flag applyUrl steps. A pipeline is written by an admin but runs
// inside the installation's network, next to cloud metadata endpoints and internal services: by default a
// step may only reach public addresses. The check happens after DNS resolution, on every address a name
// resolves to, and the connection is made to the checked address (our own `lookup`), so a DNS answer that
// changes between check and connect (rebinding) cannot swap it. Redirects are followed by hand, each hop
// checked again. The installation allows specific hosts or networks with PREFLIGHT_OUTBOUND_ALLOW;
// Preflight's own origin (${PREFLIGHT_URL}) is always allowed.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";

export class OutboundRefusedError extends Error {}

// ------------------------------------------------------------------------------------------------ addresses

type Bytes = number[];

function ipv4Bytes(address: string): Bytes | null {
  const parts = address.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

function ipv6Bytes(address: string): Bytes | null {
  let text = address.toLowerCase().replace(/%.*$/, "");
  // A dotted IPv4 tail (::ffff:127.0.0.1) becomes its two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4Bytes(dotted[1]!);
    if (!v4) return null;
    text = `${text.slice(0, -dotted[1]!.length)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const [head, rest, ...more] = text.split("::");
  if (more.length > 0) return null;
  const parse = (part: string | undefined) => (part ? part.split(":") : []);
  let groups = parse(head);
  if (rest !== undefined) {
    const right = parse(rest);
    const missing = 8 - groups.length - right.length;
    if (missing < 1) return null;
    groups = [...groups, ...Array<string>(missing).fill("0"), ...right];
  }
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

/** The address as bytes (4 for IPv4, 16 for IPv6), or null when it is not an IP address. */
export function addressBytes(address: string): Bytes | null {
  const family = net.isIP(address);
  if (family === 4) return ipv4Bytes(address);
  if (family === 6) return ipv6Bytes(address);
  return null;
}

interface Cidr {
  bytes: Bytes;
  bits: number;
}

function inCidr(bytes: Bytes, cidr: Cidr): boolean {
  if (bytes.length !== cidr.bytes.length) return false;
  for (let bit = 0; bit < cidr.bits; bit++) {
    const mask = 0x80 >> bit % 8;
    if ((bytes[bit >> 3]! & mask) !== (cidr.bytes[bit >> 3]! & mask)) return false;
  }
  return true;
}

function parseCidr(text: string): Cidr | null {
  const [address, bitsText, ...extra] = text.split("/");
  if (extra.length > 0 || !address) return null;
  const bytes = addressBytes(address);
  if (!bytes) return null;
  const max = bytes.length * 8;
  const bits = bitsText === undefined ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (!(bits >= 0 && bits <= max)) return null;
  return { bytes, bits };
}

// Refused by default, most specific first. Each range names what it is, for the refusal message.
const refusedRanges: [string, string][] = [
  ["0.0.0.0/8", "an unspecified address"],
  ["127.0.0.0/8", "a loopback address"],
  ["169.254.0.0/16", "a link-local address"],
  ["10.0.0.0/8", "a private address"],
  ["172.16.0.0/12", "a private address"],
  ["192.168.0.0/16", "a private address"],
  ["100.64.0.0/10", "a shared (CGNAT) address"],
  ["224.0.0.0/4", "a multicast address"],
  ["240.0.0.0/4", "a reserved address"],
  ["::/128", "an unspecified address"],
  ["::1/128", "a loopback address"],
  ["fe80::/10", "a link-local address"],
  ["fc00::/7", "a private address"],
  ["ff00::/8", "a multicast address"],
];
const refused = refusedRanges.map(([cidr, what]) => ({ cidr: parseCidr(cidr)!, what }));

// IPv6 forms that carry an IPv4 address: checked as that IPv4 address (::ffff:127.0.0.1 is loopback).
const embeddingV4 = [parseCidr("::ffff:0:0/96")!, parseCidr("64:ff9b::/96")!, parseCidr("::/96")!];

function asChecked(bytes: Bytes): Bytes {
  if (bytes.length === 16 && embeddingV4.some((prefix) => inCidr(bytes, prefix))) {
    const v4 = bytes.slice(12);
    // ::/96 also holds :: and ::1 themselves: those stay IPv6.
    if (!(inCidr(bytes, embeddingV4[2]!) && v4[0] === 0)) return v4;
  }
  return bytes;
}

/** Why an address is refused by default ("a link-local address"), or null for a public address. */
export function refusedReason(address: string): string | null {
  const bytes = addressBytes(address);
  if (!bytes) return "not an IP address";
  const checked = asChecked(bytes);
  return refused.find((range) => inCidr(checked, range.cidr))?.what ?? null;
}

// ------------------------------------------------------------------------------------------------ policy

export interface OutboundPolicy {
  hosts: string[];
  networks: Cidr[];
  /** Preflight's own origin (scheme://host:port), always allowed. */
  ownOrigin: string | null;
}

const hostPattern = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/**
 * The policy from PREFLIGHT_OUTBOUND_ALLOW (comma-separated host names, `*.example.com`, IP addresses or
 * CIDRs) and Preflight's own URL. A malformed entry is an error naming it, never silently ignored.
 */
export function outboundPolicy(publicUrl: string | undefined, allow: string): OutboundPolicy {
  const policy: OutboundPolicy = { hosts: [], networks: [], ownOrigin: null };
  for (const raw of allow.split(",")) {
    const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
    if (!entry) continue;
    const cidr = parseCidr(entry);
    if (cidr) policy.networks.push(cidr);
    else if (hostPattern.test(entry.replace(/\.$/, ""))) policy.hosts.push(entry.replace(/\.$/, ""));
    else throw new OutboundRefusedError(`PREFLIGHT_OUTBOUND_ALLOW: “${raw.trim()}” is not a host name, an IP address or a CIDR`);
  }
  try {
    if (publicUrl) policy.ownOrigin = new URL(publicUrl).origin;
  } catch {
    policy.ownOrigin = null;
  }
  return policy;
}

function hostAllowed(policy: OutboundPolicy, host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return policy.hosts.some((allowed) => (allowed.startsWith("*.") ? name.endsWith(allowed.slice(1)) : name === allowed));
}

/** Throws OutboundRefusedError unless `address` (reached for `host`) may be contacted under `policy`. */
export function checkAddress(policy: OutboundPolicy, host: string, address: string): void {
  const reason = refusedReason(address);
  if (!reason) return;
  const bytes = addressBytes(address);
  if (bytes && policy.networks.some((cidr) => inCidr(bytes, cidr) || inCidr(asChecked(bytes), cidr))) return;
  const shown = host === address ? address : `${host} (${address})`;
  throw new OutboundRefusedError(`Refused: ${shown} is ${reason}; allow it with PREFLIGHT_OUTBOUND_ALLOW`);
}

// ------------------------------------------------------------------------------------------------ requests

export interface GuardedRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Bytes of the response body to read at most; the rest is never read. */
  maxBodyBytes: number;
  maxRedirects?: number;
}

export interface GuardedResponse {
  status: number;
  body: string;
  truncated: boolean;
  /** The URL that answered, after redirects. */
  url: string;
  redirects: number;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A `lookup` for http(s).request that resolves, refuses if any address is refused, and hands back the checked ones. */
function guardedLookup(policy: OutboundPolicy, host: string) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
      if (error) return callback(error, []);
      try {
        if (addresses.length === 0) throw new OutboundRefusedError(`Refused: ${host} did not resolve to any address`);
        for (const { address } of addresses) checkAddress(policy, host, address);
      } catch (refusal) {
        return callback(refusal as NodeJS.ErrnoException, []);
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

function once(url: URL, init: GuardedRequest, policy: OutboundPolicy): Promise<{ status: number; location: string | undefined; body: string; truncated: boolean }> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const trusted = url.origin === policy.ownOrigin || hostAllowed(policy, host);
  // An IP literal is never looked up: check it here.
  if (!trusted && net.isIP(host)) checkAddress(policy, host, host);
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: init.method,
        headers: init.headers,
        signal: init.signal,
        ...(trusted ? {} : { lookup: guardedLookup(policy, host) as unknown as typeof dns.lookup }),
        // Our own agentless connection: a pooled socket would skip the lookup above.
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let done = false;
        const finish = (truncated: boolean) => {
          if (done) return;
          done = true;
          resolve({ status: response.statusCode ?? 0, location: response.headers.location, body: Buffer.concat(chunks).toString("utf8"), truncated });
        };
        // Nothing to read: do not wait for a body at all (it may never end).
        if (init.maxBodyBytes <= 0) {
          response.destroy();
          return finish(false);
        }
        response.on("data", (chunk: Buffer) => {
          const room = init.maxBodyBytes - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            size += room;
            // Stop reading: the rest of a large (or endless) body is never downloaded.
            response.destroy();
            return finish(true);
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () => finish(false));
        response.on("error", (error) => (done ? undefined : reject(error)));
      },
    );
    request.on("error", reject);
    request.end(init.body);
  });
}

/** An HTTP request under the outbound guard: every hop is checked, redirects followed by hand (5 at most by default). */
export async function guardedFetch(target: string, init: GuardedRequest, policy: OutboundPolicy): Promise<GuardedResponse> {
  const maxRedirects = init.maxRedirects ?? 5;
  let url = new URL(target);
  let current = init;
  for (let redirects = 0; ; redirects++) {
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundRefusedError(`Refused: ${url.protocol} is not http(s)`);
    const answer = await once(url, current, policy);
    if (!redirectStatuses.has(answer.status) || !answer.location) {
      return { status: answer.status, body: answer.body, truncated: answer.truncated, url: url.href, redirects };
    }
    if (redirects >= maxRedirects) throw new OutboundRefusedError(`Refused: more than ${maxRedirects} redirects`);
    const next = new URL(answer.location, url);
    if (url.protocol === "https:" && next.protocol === "http:") throw new OutboundRefusedError(`Refused: a redirect from https to plain http (${next.origin})`);
    const crossOrigin = next.origin !== url.origin;
    // A step's headers and body may hold secrets (${secret:…}) written for this origin only: another origin gets
    // neither. A request that needs its body there (307/308 after a POST) is refused rather than sent bare.
    if (crossOrigin && current.body !== undefined && (answer.status === 307 || answer.status === 308)) {
      throw new OutboundRefusedError(`Refused: a ${answer.status} redirect would send the request body to another origin (${next.origin})`);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(current.headers)) if (!crossOrigin || /^(accept|content-type)$/i.test(name)) headers[name] = value;
    // As browsers do: 303, and 301/302 after a POST, continue as GET without a body (and so does any
    // redirect to another origin).
    const asGet = crossOrigin || answer.status === 303 || ((answer.status === 301 || answer.status === 302) && current.method === "POST");
    if (asGet) for (const name of Object.keys(headers)) if (/^content-(type|length)$/i.test(name)) delete headers[name];
    current = { ...current, headers, method: asGet ? "GET" : current.method, body: asGet ? undefined : current.body };
    url = next;
  }
}

/**
 * Checks, ahead of time, that a request to `target` would be allowed (a notification channel's URL when it
 * is saved): http(s) only, and every address its host resolves to allowed. The request itself is checked
 * again when it is made (guardedFetch), so a name that resolves differently later is still caught.
 */
export async function checkOutboundUrl(target: string, policy: OutboundPolicy): Promise<void> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new OutboundRefusedError("Refused: not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundRefusedError(`Refused: ${url.protocol} is not http(s)`);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (url.origin === policy.ownOrigin || hostAllowed(policy, host)) return;
  if (net.isIP(host)) return checkAddress(policy, host, host);
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true });
  } catch {
    throw new OutboundRefusedError(`Refused: ${host} does not resolve`);
  }
  if (addresses.length === 0) throw new OutboundRefusedError(`Refused: ${host} did not resolve to any address`);
  for (const { address } of addresses) checkAddress(policy, host, address);
}
