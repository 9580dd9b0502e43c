/** A page tells the cache which paper it shows (to count views of cached hits) with this header. */
export const VIEW_HEADER = "x-shortscience-paper";

/** Internal headers are for the cache only: no response carries them out, cached or not. */
export function stripInternalHeaders(res: Response): Response {
  if (!res.headers.has(VIEW_HEADER)) return res;
  try {
    res.headers.delete(VIEW_HEADER);
    return res;
  } catch {
    // Some responses (Response.redirect, fetch results) have immutable headers: copy them.
    const headers = new Headers(res.headers);
    headers.delete(VIEW_HEADER);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
}
