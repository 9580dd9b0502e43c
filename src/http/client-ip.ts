import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { CLIENT_ADDRESS_MAX_CHARS, FORWARDED_FOR_MAX_CHARS } from "../limits";

/**
 * The client's address, as rate limits key on it. With `trustedProxies` = N (TRUST_PROXY), N
 * proxies of ours stand in front, each appending the address it was reached from to
 * X-Forwarded-For: only the last N entries are theirs, and the client is the entry N hops from
 * the right. Whatever the client wrote itself sits further left and is never read, so rotating
 * it changes nothing. With N = 0 the header is ignored and the socket's address is used.
 */
export function clientIp(c: Context, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const client = forwardedClient(c.req.header("X-Forwarded-For"), trustedProxies);
    if (client) return client;
  }
  return socketAddress(c);
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
  return entry === "" ? null : entry.slice(0, CLIENT_ADDRESS_MAX_CHARS);
}

function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // app.request() in tests has no socket.
    return "unknown";
  }
}
