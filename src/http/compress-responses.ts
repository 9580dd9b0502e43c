import {
  type Coding,
  chooseCoding,
  codedEtag,
  compressOnce,
  compressStream,
  FLY_PREFERENCE,
  mergeVary,
  variesOnAcceptEncoding,
} from "./page-encodings";
import { wholeBodyOf } from "./whole-bodies";

/**
 * Responses the page cache doesn't hold (logged-in pages, API JSON, misses it may not keep,
 * streamed feeds and sitemaps) are compressed as they go out, at the fast level, when the
 * client accepts it and they are big enough to gain.
 *
 * It wraps the outermost fetch, so it sees every response last. It leaves alone what is
 * already negotiated: a Content-Encoding, or a Vary that names Accept-Encoding (the page
 * cache's own answers, compressed once when stored).
 *
 * A body of declared length (a rendered page, JSON) is compressed in one call. A streamed one
 * (no length: feeds, sitemaps) is read only until `minBytes` are in hand: a body that ends
 * before that goes out as it is, a longer one is piped through a streaming compressor, so a
 * streamed feed keeps streaming, with backpressure, and never sits whole in memory.
 */
export const COMPRESS_MIN_BYTES = 1024;
/** A declared length up to this is compressed in one call; a longer or unknown one streams. */
export const COMPRESS_ONE_SHOT_MAX_BYTES = 4 * 1024 * 1024;

/** Text in any of its forms; images, fonts and archives are compressed already. */
const COMPRESSIBLE =
  /^(?:text\/[\w.+-]+|application\/(?:json|xml|javascript|ecmascript|[\w.-]+\+(?:json|xml))|image\/svg\+xml)(?:;|\s|$)/i;

/** What the server accepts to compress; nothing else is offered on the fly. */
const OFFERED: Partial<Record<Coding, true>> = { br: true, gzip: true };

type Fetch = (req: Request, env?: unknown) => Response | Promise<Response>;

export function compressResponses(inner: Fetch, minBytes = COMPRESS_MIN_BYTES): Fetch {
  return async (req, env) => {
    if (req.method !== "HEAD") return compressResponse(req, await inner(req, env), minBytes);
    // HEAD gets the headers GET would (RFC 9110 §9.3.2): Content-Encoding, ETag and length of
    // the coded body. Hono answers HEAD by running GET anyway; asked as GET, the page cache
    // can answer it too.
    const get = new Request(req.url, { method: "GET", headers: req.headers, signal: req.signal });
    const res = await compressResponse(req, await inner(get, env), minBytes);
    await res.body?.cancel();
    return new Response(null, { status: res.status, headers: res.headers });
  };
}

function compressible(res: Response): boolean {
  const h = res.headers;
  return (
    // No content (204), none here (304), or a part of a body (206): nothing to encode.
    res.status >= 200 &&
    res.status !== 204 &&
    res.status !== 206 &&
    res.status !== 304 &&
    !h.has("content-encoding") &&
    !h.has("content-range") &&
    !variesOnAcceptEncoding(h.get("vary")) &&
    !/no-transform/i.test(h.get("cache-control") ?? "") &&
    COMPRESSIBLE.test(h.get("content-type") ?? "")
  );
}

export async function compressResponse(
  req: Request,
  res: Response,
  minBytes: number,
): Promise<Response> {
  if (!compressible(res) || breachExposed(req, res)) return res;
  // Whatever this client gets, another's Accept-Encoding may get another answer.
  const vary = mergeVary(res.headers.get("vary"), ["Accept-Encoding"]);
  const coding = chooseCoding(req.headers.get("accept-encoding"), OFFERED, FLY_PREFERENCE);
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  // Sent as it is: the same Response, its body untouched. (Reading `body` would turn the node
  // server's lightweight response, written straight from its string, into a stream.)
  if (coding === "identity" || declared < minBytes) return withVary(res, vary);
  const headers = new Headers(res.headers);
  headers.set("vary", vary);
  // A body whose length is declared is whole already (a rendered page, JSON): one call. The
  // bytes are taken as made when we made them (touching `body` would build a stream).
  if (declared <= COMPRESS_ONE_SHOT_MAX_BYTES) {
    const whole = wholeBodyOf(res) ?? new Uint8Array(await res.arrayBuffer());
    const coded = await compressOnce(whole, coding);
    headers.set("content-length", String(coded.byteLength));
    setCoding(headers, coding);
    return new Response(coded, { status: res.status, headers });
  }
  const body = res.body;
  if (body === null) return withVary(res, vary);
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let size = 0;
  while (size < minBytes) {
    const next = await reader.read();
    if (next.done) return new Response(concat(head, size), { status: res.status, headers });
    head.push(next.value);
    size += next.value.byteLength;
  }
  headers.delete("content-length");
  setCoding(headers, coding);
  return new Response(compressedStream(head, reader, coding), { status: res.status, headers });
}

function setCoding(headers: Headers, coding: Coding): void {
  headers.set("content-encoding", coding);
  // A strong ETag names exact bytes: these are others. A weak one names the content, which
  // is the same, and its 304 answers stay where the route makes them (streamed feeds).
  const etag = headers.get("etag");
  if (etag && !etag.startsWith("W/")) headers.set("etag", codedEtag(etag, coding));
}

/**
 * BREACH: a page for one reader carries their form token; compressed beside text an attacker
 * chose (a search query echoed back), its length can leak the token over many requests. Such
 * requests are driven from another site, so a reader's private page asked for cross-site
 * (the first page after following a link here) goes out uncompressed.
 */
function breachExposed(req: Request, res: Response): boolean {
  return (
    req.headers.get("sec-fetch-site") === "cross-site" &&
    /\bprivate\b/i.test(res.headers.get("cache-control") ?? "")
  );
}

function withVary(res: Response, vary: string): Response {
  try {
    res.headers.set("vary", vary);
    return res;
  } catch {
    // Immutable headers (Response.redirect, fetch results): a copy.
    const headers = new Headers(res.headers);
    headers.set("vary", vary);
    return new Response(res.body, { status: res.status, headers });
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * The chunks already read, then the rest of the body as it comes, through the compressor.
 * Pulled, not pushed: each pull feeds the compressor one chunk of the route's body at a time
 * until it has output to give, so the body is read only as fast as the socket takes it
 * (backpressure reaches the route's generator) and at most one chunk's output waits here.
 * A client that goes away cancels the route's stream and frees the compressor.
 */
function compressedStream(
  head: Uint8Array[],
  reader: ReadableStreamDefaultReader<Uint8Array>,
  coding: Coding,
): ReadableStream<Uint8Array> {
  const z = compressStream(coding);
  const out: Buffer[] = [];
  let failure: Error | null = null;
  z.on("data", (chunk: Buffer) => out.push(chunk));
  const finished = new Promise<void>((resolve) => {
    z.once("end", resolve);
    z.on("error", (error) => {
      failure = error;
      resolve();
    });
  });
  let ended = false;
  void finished.then(() => {
    ended = true;
  });
  let inputDone = false;
  const write = (chunk: Uint8Array) =>
    new Promise<void>((resolve, reject) => z.write(chunk, (e) => (e ? reject(e) : resolve())));

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          while (out.length === 0 && !ended) {
            if (inputDone) {
              await finished;
              break;
            }
            const chunk = head.shift() ?? (await reader.read()).value;
            if (chunk === undefined) {
              inputDone = true;
              z.end();
            } else {
              await write(chunk);
            }
          }
          if (failure) throw failure;
        } catch (error) {
          // An erroring stream is not cancelled: free the compressor and the route's stream.
          z.destroy();
          reader.cancel(error).catch(() => {});
          throw error;
        }
        const next = out.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
      cancel(reason) {
        z.destroy();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
