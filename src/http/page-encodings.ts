import { promisify } from "node:util";
import zlib from "node:zlib";

/**
 * Content codings: which one a request accepts (Accept-Encoding), the compression itself, and
 * the validators of each representation (ETag per coding, If-None-Match lists).
 *
 * Compression runs through node:zlib's async calls, so the work happens on libuv's threadpool
 * and the event loop only hands buffers over.
 */
export type Coding = "br" | "gzip";
export type Chosen = Coding | "identity";

/** The codings we produce, in the order we prefer them when a client weighs them equally. */
export const CODINGS: readonly Coding[] = ["br", "gzip"];

/**
 * Stored pages are compressed once and served thousands of times, so a slower, tighter level
 * pays. Measured on the demo (ms on the threadpool, noisy 2-core machine):
 *   home 22.9 KB:  br5 4.3 KB (~1-2 ms)  gzip6 4.7 KB (~0.7 ms)  br11 3.7 KB (43 ms)
 *   paper 80 KB:   br5 6.5 KB (~1-2 ms)  gzip6 7.5 KB (~0.5 ms)  br11 5.6 KB (99 ms)
 * Quality 11 would cost a miss ~100 ms for 15% less; 5 is where brotli stops gaining cheaply.
 * Both together (compressForStore) take a median 0.8 ms of wall time for either page, of
 * which 0.07 ms on the event loop.
 */
export const STORED_BROTLI_QUALITY = 5;
export const STORED_GZIP_LEVEL = 6;
/**
 * Compressed per request (uncached responses), where its CPU competes with rendering (the aim
 * there is 0.2 ms a page). CPU per call on the 81 KB logged-in paper page, 16 at a time on
 * the threadpool as a loaded server runs them (`node` microbench, 2,000 calls each):
 *   br1 8.7 KB 0.32 ms | br2 8.3 KB 0.45-0.54 ms | br4 7.3 KB 0.80 ms
 *   gzip1 9.9 KB 0.15 ms | gzip3 9.2 KB 0.22 ms
 * So on the fly prefers gzip 1 (FLY_PREFERENCE), a fifth more bytes than brotli for a third
 * of its CPU; brotli 2 serves clients that take only br.
 */
export const FLY_BROTLI_QUALITY = 2;
export const FLY_GZIP_LEVEL = 1;
/** Bodies up to this are compressed on the fly in place (about 0.3 ms of loop at gzip 1). */
export const FLY_SYNC_MAX_BYTES = 256 * 1024;
/** On the fly, at equal q, gzip before br: see the figures above. */
export const FLY_PREFERENCE: readonly Coding[] = ["gzip", "br"];
/**
 * Brotli's window: 1 MB. The default (4 MB) makes each streaming encoder hold more memory
 * than any page here needs; feeds of many megabytes still compress well within 1 MB.
 */
const BROTLI_WINDOW_BITS = 20;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

function brotliOptions(quality: number, sizeHint?: number): zlib.BrotliOptions {
  const params: Record<number, number> = {
    [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
    [zlib.constants.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
  };
  if (sizeHint !== undefined) params[zlib.constants.BROTLI_PARAM_SIZE_HINT] = sizeHint;
  return { params };
}

/** One buffer, both codings at the stored levels, in parallel on the threadpool. */
export async function compressForStore(
  body: Uint8Array,
): Promise<Partial<Record<Coding, Uint8Array<ArrayBuffer>>>> {
  const [br, gz] = await Promise.all([
    brotli(body, brotliOptions(STORED_BROTLI_QUALITY, body.byteLength)),
    gzip(body, { level: STORED_GZIP_LEVEL }),
  ]);
  const out: Partial<Record<Coding, Uint8Array<ArrayBuffer>>> = {};
  // A coding that doesn't shrink the page only costs the client a decoder pass.
  if (br.byteLength < body.byteLength) out.br = asBytes(br);
  if (gz.byteLength < body.byteLength) out.gzip = asBytes(gz);
  return out;
}

/**
 * A whole body at the fast level, in one call. Up to FLY_SYNC_MAX_BYTES it runs on the event
 * loop: a threadpool round trip costs more than compressing a page (gzip 1 on the 81 KB
 * paper page: 0.10 ms of CPU in place against 0.30 ms through the threadpool), and a
 * streaming encoder per response far more (its window and tables built and freed each time,
 * a round trip per chunk: 1.7 ms a request on that page). A larger body goes to the
 * threadpool so that no request holds the loop for long.
 */
export async function compressOnce(
  body: Uint8Array,
  coding: Coding,
): Promise<Uint8Array<ArrayBuffer>> {
  const options = brotliOptions(FLY_BROTLI_QUALITY, body.byteLength);
  if (body.byteLength <= FLY_SYNC_MAX_BYTES) {
    return asBytes(
      coding === "br"
        ? zlib.brotliCompressSync(body, options)
        : zlib.gzipSync(body, { level: FLY_GZIP_LEVEL }),
    );
  }
  return asBytes(
    coding === "br" ? await brotli(body, options) : await gzip(body, { level: FLY_GZIP_LEVEL }),
  );
}

/** A streaming compressor at the fast level. */
export function compressStream(coding: Coding): zlib.BrotliCompress | zlib.Gzip {
  return coding === "br"
    ? zlib.createBrotliCompress(brotliOptions(FLY_BROTLI_QUALITY))
    : zlib.createGzip({ level: FLY_GZIP_LEVEL });
}

function asBytes(buf: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buf.buffer as ArrayBuffer, buf.byteOffset, buf.byteLength);
}

/** q-values are 0 to 1 with at most three decimals (RFC 9110 §12.4.2); anything else is void. */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;
/** An absurd header is read only as far as any real client's would go. */
const MAX_ACCEPT_ENCODING_CHARS = 1024;
const IDENTITY_UNNAMED_Q = 0.0001;

/**
 * The coding to send, among those `available` has (the identity always is), by the request's
 * Accept-Encoding (RFC 9110 §12.5.3):
 * - no header: identity (a client that says nothing may not decode anything);
 * - the highest q wins; equal q goes by `preference` (br, then gzip), then identity; an identity the header
 *   doesn't name (nor `*`) comes after any coding it names with q > 0;
 * - `*` weighs every coding the header doesn't name, identity included;
 * - identity is acceptable unless `identity;q=0`, or `*;q=0` without naming identity; when
 *   nothing available is acceptable, identity is sent anyway (better than a 406 page);
 * - `x-gzip` is gzip; entries with a malformed q are ignored.
 */
export function chooseCoding(
  header: string | null,
  available: Partial<Record<Coding, unknown>>,
  preference: readonly Coding[] = CODINGS,
): Chosen {
  if (header === null) return "identity";
  const weights = parseAcceptEncoding(header);
  const star = weights.get("*");
  const weigh = (name: string, fallback: number) => weights.get(name) ?? star ?? fallback;
  let best: Chosen = "identity";
  // Unnamed, the identity is acceptable but the last choice: below any real q (0.001 at least).
  let bestQ = weigh("identity", IDENTITY_UNNAMED_Q);
  for (const coding of preference) {
    if (available[coding] === undefined) continue;
    const q = weigh(coding, 0);
    // Strictly higher than identity's weight, or equal and above zero: a coding wins ties.
    if (q > 0 && (q > bestQ || (q === bestQ && best === "identity"))) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

/**
 * Browsers send a handful of distinct headers, so each is parsed once. Bounded: at most
 * PARSED_HEADERS_KEPT headers of at most MAX_ACCEPT_ENCODING_CHARS each, emptied when full.
 */
const PARSED_HEADERS_KEPT = 64;
const parsed = new Map<string, ReadonlyMap<string, number>>();

function parseAcceptEncoding(header: string): ReadonlyMap<string, number> {
  const key = header.slice(0, MAX_ACCEPT_ENCODING_CHARS);
  const known = parsed.get(key);
  if (known) return known;
  const weights = parseWeights(key);
  if (parsed.size >= PARSED_HEADERS_KEPT) parsed.clear();
  parsed.set(key, weights);
  return weights;
}

function parseWeights(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const entry of header.split(",")) {
    const [rawName, ...params] = entry.split(";");
    let name = (rawName ?? "").trim().toLowerCase();
    if (!name) continue;
    if (name === "x-gzip") name = "gzip";
    let q = 1;
    let valid = true;
    for (const param of params) {
      const [key, value] = param.split("=").map((s) => s.trim());
      if (key?.toLowerCase() !== "q") continue;
      if (value === undefined || !QVALUE.test(value)) valid = false;
      else q = Number(value);
    }
    // The first mention of a coding counts, as with repeated header fields generally.
    if (valid && !weights.has(name)) weights.set(name, q);
  }
  return weights;
}

/** The ETag of a coded representation: the identity's, marked per coding (`"abc"` → `"abc-br"`). */
export function codedEtag(etag: string, coding: Coding): string {
  const weak = etag.startsWith("W/");
  const opaque = weak ? etag.slice(2) : etag;
  if (!opaque.endsWith('"')) return etag;
  return `${weak ? "W/" : ""}${opaque.slice(0, -1)}-${coding === "br" ? "br" : "gz"}"`;
}

/**
 * Whether If-None-Match names `etag`: a comma-separated list of tags or `*`, compared weakly
 * as RFC 9110 §13.1.2 says for this header (a W/ prefix on either side doesn't matter).
 */
export function ifNoneMatchHits(header: string, etag: string): boolean {
  const wanted = etag.startsWith("W/") ? etag.slice(2) : etag;
  for (const raw of header.split(",")) {
    const tag = raw.trim();
    if (tag === "*") return true;
    if ((tag.startsWith("W/") ? tag.slice(2) : tag) === wanted) return true;
  }
  return false;
}

/** `existing` with each of `names` added unless there (case-insensitive) or it says `*`. */
export function mergeVary(existing: string | null, names: readonly string[]): string {
  const listed = (existing ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  const lower = new Set(listed.map((v) => v.toLowerCase()));
  if (lower.has("*")) return "*";
  for (const raw of names) {
    const name = raw.trim();
    if (name !== "" && !lower.has(name.toLowerCase())) {
      listed.push(name);
      lower.add(name.toLowerCase());
    }
  }
  return listed.join(", ");
}

export function variesOnAcceptEncoding(vary: string | null): boolean {
  return vary !== null && /(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary);
}
