/** A page tells the cache which paper it shows (to count views of cached hits) with this header. */
export const VIEW_HEADER = "x-shortscience-paper";

/** A page names what it shows (core/cache-tags.ts) with this header: http/page-cache-tags.ts. */
export const TAGS_HEADER = "x-shortscience-tags";

/**
 * A page that goes out of date with time alone (a reputation counting only votes older than
 * two days) gives the moment it stops being current, in milliseconds since the epoch: the cache
 * answers from it only before then (http/page-cache-tags.ts declareCurrentUntil).
 */
export const EXPIRES_HEADER = "x-shortscience-expires";

const INTERNAL_HEADERS = [VIEW_HEADER, TAGS_HEADER, EXPIRES_HEADER];

export function isInternalHeader(name: string): boolean {
  return INTERNAL_HEADERS.includes(name.toLowerCase());
}

/** Internal headers are for the cache only: no response carries them out, cached or not. */
export function stripInternalHeaders(res: Response): Response {
  if (!INTERNAL_HEADERS.some((name) => res.headers.has(name))) return res;
  try {
    for (const name of INTERNAL_HEADERS) res.headers.delete(name);
    return res;
  } catch {
    // Some responses (Response.redirect, fetch results) have immutable headers: copy them.
    const headers = new Headers(res.headers);
    for (const name of INTERNAL_HEADERS) headers.delete(name);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
}
