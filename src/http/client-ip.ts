import { isIP } from "node:net";
import type { Context } from "hono";
import {
  CLIENT_ADDRESS_MAX_CHARS,
  CLIENT_IPV6_PREFIX_GROUPS,
  FORWARDED_FOR_MAX_CHARS,
} from "../core/limits";

/**
 * The client's address, as rate limits key on it. With `trustedProxies` = N (TRUST_PROXY), N
 * proxies of ours stand in front, each appending the address it was reached from to
 * X-Forwarded-For: only the last N entries are theirs, and the client is the entry N hops from
 * the right. Whatever the client wrote itself sits further left and is never read, so rotating
 * it changes nothing. With N = 0 the header is ignored and the socket's address is used.
 * Either way the address is normalised by `clientKey`.
 */
export function clientIp(c: Context, trustedProxies: number): string {
  return requestClientIp(c.req.raw, c.env, trustedProxies);
}

/**
 * The same, for a request served before Hono runs (the page cache): `env` is what the node
 * server passes to fetch (`{ incoming, outgoing }`), read as getConnInfo reads it. Without a
 * socket (app.request() in tests, or one already gone) the client is "unknown".
 */
export function requestClientIp(req: Request, env: unknown, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const forwarded = req.headers.get("X-Forwarded-For") ?? undefined;
    const client = forwardedClient(forwarded, trustedProxies);
    if (client) return client;
  }
  const address = socketAddress(env);
  return address ? clientKey(address) : "unknown";
}

/**
 * The entry `hops` from the right of an X-Forwarded-For value, or null without one. A header
 * with fewer entries than proxies came through fewer of them (every entry is still one a proxy
 * of ours wrote): its leftmost entry is the furthest address known. Only the header's last
 * FORWARDED_FOR_MAX_CHARS are parsed, since only its right end can be trusted anyway.
 */
export function forwardedClient(header: string | undefined, hops: number): string | null {
  if (!header) return null;
  const cut = header.length > FORWARDED_FOR_MAX_CHARS;
  const entries = header.slice(-FORWARDED_FOR_MAX_CHARS).split(",");
  // The first piece of a cut header may be a fragment of an entry.
  if (cut && entries.length > 1) entries.shift();
  const entry = entries[Math.max(0, entries.length - hops)]?.trim() ?? "";
  return entry === "" ? null : clientKey(entry);
}

/**
 * The rate-limit key of one address, as a proxy or a socket gives it. One client must get one
 * key however its address is written: a port is dropped (`1.2.3.4:5678`, `[2001:db8::1]:443`),
 * an IPv4-mapped IPv6 address is the IPv4 one (`::ffff:1.2.3.4`, as a dual-stack socket
 * reports IPv4 peers), and an IPv6 address stands for its /64, which one host can rotate
 * through. Anything that is no address (a proxy that writes names) is kept as written. The
 * input is cut to CLIENT_ADDRESS_MAX_CHARS first: every address, with brackets and port, fits.
 */
export function clientKey(raw: string): string {
  const entry = raw.trim().slice(0, CLIENT_ADDRESS_MAX_CHARS);
  const host = withoutPort(entry);
  if (isIP(host) === 4) return host;
  if (isIP(host) === 6) return ipv6Key(host);
  return entry;
}

function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d{1,5})?$/.exec(entry);
  if (bracketed) return bracketed[1] ?? "";
  // IPv4 with a port; an IPv6 address has at least two colons and is left alone.
  const ipv4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(entry);
  return ipv4?.[1] ?? entry;
}

function ipv6Key(address: string): string {
  const g = ipv6Groups(address);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    const [hi = 0, lo = 0] = g.slice(6);
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
  }
  return `${g
    .slice(0, CLIENT_IPV6_PREFIX_GROUPS)
    .map((x) => x.toString(16))
    .join(":")}::/${16 * CLIENT_IPV6_PREFIX_GROUPS}`;
}

/** The eight 16-bit groups of an address `isIP` accepted as IPv6 (zone and IPv4 tail allowed). */
function ipv6Groups(address: string): number[] {
  let text = address.split("%")[0] ?? "";
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = rest === undefined || rest === "" ? [] : rest.split(":");
  const zeros = rest === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((x) => Number.parseInt(x, 16));
}

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

function socketAddress(env: unknown): string | undefined {
  // Some adapters nest the node bindings under `server`, as getConnInfo allows for.
  const e = env as (NodeBindings & { server?: NodeBindings }) | null | undefined;
  return (e?.server ?? e)?.incoming?.socket?.remoteAddress;
}
