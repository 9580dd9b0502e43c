// A feed's HTTP answer: bytes, ETag, Last-Modified, and 304 for a reader that has it already.
// The streamed legacy feeds answer differently (sendStreamedFeed, below).
//
// Anonymous requests go through the page cache (http/page-cache.ts), which stores these bytes
// and answers If-None-Match / If-Modified-Since itself, with the same ETag (SHA-1 of the
// body). A request with a session cookie bypasses that cache, so it is answered here, by the
// ETag only.
//
// Last-Modified is when these bytes were made, not the newest item's save: hiding an older
// item, a new score or a corrected title change a feed without a newer item, and a reader
// asking If-Modified-Since must then get the new feed. The page cache makes the bytes again
// only after a write, so a cached feed keeps its time.

import { createHash } from "node:crypto";
import type { Context } from "hono";
import type { AppEnv } from "../http/app-env";
import { readSessionCookie } from "../http/cookies";
import { startedTextStream } from "./text-stream";

const encoder = new TextEncoder();

export function sendFeed(c: Context<AppEnv>, xml: string, contentType: string): Response {
  const body = encoder.encode(xml) as Uint8Array<ArrayBuffer>;
  const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
  const headers: Record<string, string> = { "Content-Type": contentType, ETag: etag };
  headers["Last-Modified"] = new Date().toUTCString();
  const https = c.get("deps").config.baseUrl.startsWith("https:");
  if (readSessionCookie(c, https) !== undefined && etagMatches(c, etag)) {
    return c.body(null, 304, headers);
  }
  return c.body(body, 200, headers);
}

/**
 * A streamed feed (rss-all.xml, rss-full.xml: every legacy item, megabytes of it): the body is
 * written batch by batch as it is sent, so no SHA-1 of it exists before the headers go out.
 *
 * - ETag: weak, `tag` from the content version and the newest item (legacyFeedTag), read
 *   before the items. Every write a feed shows moves the version, so an unchanged tag means
 *   the reader's copy is still current: If-None-Match is answered 304 here, for anyone, after
 *   two small queries and without reading an item. Weak, because a write landing during a
 *   stream can put newer rows in bytes labelled with the older version (the next request then
 *   sees a new tag and gets them in full).
 * - Last-Modified: when the bytes were made, as for the other feeds. If-Modified-Since alone
 *   is not answered 304 (no time of the last change is kept), so such a reader gets 200.
 * - Cache-Control: no-store. The page cache keeps only what it may store
 *   (http/page-cache.ts isStorable): buffering this body there would bring back the copy a
 *   stream exists to avoid, and rebuild it after every write. cache-headers.ts makes it
 *   "private, no-store": shared caches don't hold a copy either; feed readers keep the ETag
 *   themselves and still ask If-None-Match.
 */
export async function sendStreamedFeed(
  c: Context<AppEnv>,
  tag: string,
  pieces: () => AsyncGenerator<string>,
  contentType: string,
): Promise<Response> {
  const etag = `W/"${tag}"`;
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    ETag: etag,
    "Cache-Control": "no-store",
  };
  if (etagMatches(c, etag)) return c.body(null, 304, headers);
  headers["Last-Modified"] = new Date().toUTCString();
  return c.body(await startedTextStream(pieces()), 200, headers);
}

/** The reader holds these bytes already (If-None-Match names their ETag, or `*`). */
function etagMatches(c: Context<AppEnv>, etag: string): boolean {
  // Weak comparison (RFC 9110 §13.1.2): a W/ prefix on either side doesn't matter.
  const opaque = (t: string) => t.trim().replace(/^W\//, "");
  const inm = c.req.header("if-none-match");
  return (inm ?? "").split(",").some((t) => opaque(t) === opaque(etag) || t.trim() === "*");
}
