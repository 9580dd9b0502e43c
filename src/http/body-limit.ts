import type { Context, MiddlewareHandler } from "hono";
import {
  API_BODY_MAX_BYTES,
  API_SUMMARY_BODY_MAX_BYTES,
  FORM_MAX_BYTES,
  PAPER_DETAILS_FORM_MAX_BYTES,
  SUMMARY_FORM_MAX_BYTES,
  SUMMARY_MAX_BYTES,
} from "../core/limits";
import type { AppEnv } from "./app-env";
import { sendError } from "./errors";

interface BodyLimit {
  maxBytes: number;
  /** Says what was too large; never repeats any of the input. */
  message: string;
}

const FORM_LIMIT: BodyLimit = {
  maxBytes: FORM_MAX_BYTES,
  message: `This form is larger than ShortScience accepts (${FORM_MAX_BYTES / 1024} KB). Nothing was saved.`,
};

/** A paper's typed details: up to 500 authors and a 20,000-character abstract, in any script. */
const PAPER_DETAILS_LIMIT: BodyLimit = {
  maxBytes: PAPER_DETAILS_FORM_MAX_BYTES,
  message: `A paper's details may be at most ${Math.round(PAPER_DETAILS_FORM_MAX_BYTES / 1024)} KB as a form. Nothing was saved.`,
};

/** Routes whose forms carry more than a few short fields. */
const ROUTE_LIMITS: Record<string, BodyLimit> = {
  "POST /summaries": {
    maxBytes: SUMMARY_FORM_MAX_BYTES,
    message: `A summary may be at most ${SUMMARY_MAX_BYTES / 1000} KB of text. Nothing was saved: go back, shorten it and try again.`,
  },
  "POST /papers/manual": PAPER_DETAILS_LIMIT,
};

/** The moderators' correction form: its address holds the paper's id. */
const PAPER_DETAILS_PATH = /^\/papers\/[^/]+\/details$/;

/** The JSON API: a summary's Markdown in JSON (escapes grow it), or a few short fields. */
const API_SUMMARY_PATH = /^\/api\/v1\/(?:papers\/[^/]+\/summaries|summaries\/[^/]+)$/;
const API_SUMMARY_LIMIT: BodyLimit = {
  maxBytes: API_SUMMARY_BODY_MAX_BYTES,
  message: `A summary may be at most ${SUMMARY_MAX_BYTES / 1000} KB of text; this body is larger than the API accepts. Nothing was saved.`,
};
const API_LIMIT: BodyLimit = {
  maxBytes: API_BODY_MAX_BYTES,
  message: `This body is larger than the API accepts here (${API_BODY_MAX_BYTES / 1024} KB). Nothing was saved.`,
};

export function bodyLimitFor(method: string, path: string): BodyLimit {
  if (path.startsWith("/api/")) return API_SUMMARY_PATH.test(path) ? API_SUMMARY_LIMIT : API_LIMIT;
  const exact = ROUTE_LIMITS[`${method} ${path}`];
  if (exact) return exact;
  if (method === "POST" && PAPER_DETAILS_PATH.test(path)) return PAPER_DETAILS_LIMIT;
  return FORM_LIMIT;
}

/**
 * Bounds every request body before anything reads it (the CSRF check included): a declared
 * Content-Length above the route's limit is refused unread, and a body without one (chunked)
 * is counted while it streams in and refused at the first byte past the limit. What passes
 * is held in memory, at most the limit, for the form parser.
 */
export function limitRequestBodies(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const raw = c.req.raw;
    if (raw.method === "GET" || raw.method === "HEAD" || !raw.body) return next();
    const limit = bodyLimitFor(raw.method, c.req.path);
    const declared = raw.headers.get("content-length");
    if (declared && /^\d+$/.test(declared) && Number(declared) > limit.maxBytes) {
      return tooLarge(c, limit);
    }
    const read = await readAtMost(raw.body, limit.maxBytes);
    if (read === "too_large") return tooLarge(c, limit);
    if (read === "unreadable") {
      return sendError(c, 400, "invalid", "The request's body could not be read.");
    }
    c.req.raw = new Request(raw, { body: read });
    return next();
  };
}

async function readAtMost(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | "too_large" | "unreadable"> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        // The server discards (and soon cuts off) what the client still sends.
        reader.cancel().catch(() => {});
        return "too_large";
      }
      chunks.push(value);
    }
  } catch {
    // The client went away or sent a broken chunked body: its fault, not a failure of ours.
    return "unreadable";
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * No "Connection: close": closing a socket with unread data resets it, and the client then
 * loses the answer too. The node server discards what still comes (at most 64 MB or 500 ms,
 * then it cuts the connection), without keeping it.
 */
function tooLarge(c: Context<AppEnv>, limit: BodyLimit) {
  return sendError(c, 413, "too_large", limit.message);
}
