import { createHash } from "node:crypto";
import { EXPIRES_HEADER, isInternalHeader, TAGS_HEADER, VIEW_HEADER } from "./page-cache-headers";
import type { CachedPage, Representation } from "./page-cache-store";
import { parseCacheTags, parseCurrentUntil } from "./page-cache-tags";
import {
  CODINGS,
  type Coding,
  chooseCoding,
  codedEtag,
  compressForStore,
  ifNoneMatchHits,
  mergeVary,
} from "./page-encodings";

/**
 * A stored page and its answers. The page is compressed once, when stored (brotli and gzip, on
 * the threadpool), and kept beside its identity bytes; each hit picks the representation the
 * request's Accept-Encoding asks for and sends it with its own ETag and Content-Length, all
 * headers made at store time. The store is told of the page only after compressing, so the
 * page cache's rule (a page rendered under an older version never replaces a newer one) holds
 * as before: it checks what was written during the render after this await, not before.
 */
export async function toCachedPage(res: Response, version: number): Promise<CachedPage> {
  const body = new Uint8Array(await res.arrayBuffer());
  const common: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!isInternalHeader(name) && name !== "content-length") common[name] = value;
  });
  common["cache-control"] = "public, no-cache";
  // Anonymous pages only: a session cookie or another coding gets another answer.
  common.vary = mergeVary("Accept-Encoding, Cookie", (common.vary ?? "").split(","));
  const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
  const compressed = await compressForStore(body);
  const encoded: Partial<Record<Coding, Representation>> = {};
  for (const coding of CODINGS) {
    const bytes = compressed[coding];
    if (bytes) encoded[coding] = representation(common, bytes, codedEtag(etag, coding), coding);
  }
  const viewed = res.headers.get(VIEW_HEADER);
  return {
    ...representation(common, body, etag, null),
    encoded,
    viewPaperId: viewed ? Number(viewed) : null,
    version,
    tags: parseCacheTags(res.headers.get(TAGS_HEADER)),
    currentUntil: parseCurrentUntil(res.headers.get(EXPIRES_HEADER)),
  };
}

function representation(
  common: Record<string, string>,
  body: Uint8Array<ArrayBuffer>,
  etag: string,
  coding: Coding | null,
): Representation {
  const headers: Record<string, string> = {
    ...common,
    etag,
    "content-length": String(body.byteLength),
  };
  if (coding) headers["content-encoding"] = coding;
  return { body, headers, etag };
}

/** The answer to `req` from a stored page: the representation it accepts, or a 304 for it. */
export function answerFromPage(page: CachedPage, req: Request): Response {
  const coding = chooseCoding(req.headers.get("accept-encoding"), page.encoded);
  const chosen = coding === "identity" ? page : (page.encoded[coding] ?? page);
  if (notModified(chosen, page, req)) {
    return new Response(null, { status: 304, headers: notModifiedHeaders(chosen.headers) });
  }
  return new Response(req.method === "HEAD" ? null : chosen.body, {
    status: 200,
    headers: chosen.headers,
  });
}

/**
 * If-None-Match decides when sent, against the ETag of the representation this request would
 * get (any tag of its list, weakly compared, or `*`); If-Modified-Since only without it
 * (RFC 9110 §13.2.2), and only for responses that said Last-Modified (feeds).
 */
function notModified(chosen: Representation, page: CachedPage, req: Request): boolean {
  const inm = req.headers.get("if-none-match");
  if (inm !== null) return ifNoneMatchHits(inm, chosen.etag);
  const ims = req.headers.get("if-modified-since");
  const lastModified = page.headers["last-modified"];
  if (!ims || !lastModified) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && Date.parse(lastModified) <= since;
}

/**
 * A 304 carries the representation's validators and Vary (its ETag says which copy the client
 * may reuse), not the size or coding of a body it doesn't have.
 */
function notModifiedHeaders(headers: Record<string, string>): Record<string, string> {
  const { "content-length": _length, "content-encoding": _coding, ...rest } = headers;
  return rest;
}
