import { NEXT_PATH_MAX_CHARS } from "../core/limits";
import { percentDecode } from "./strict-text";

// Login and sign-up send you back where you came from through `?next=PATH`. Anyone can write
// a link with any `next`, so only a path on this site passes: an open redirect would lend our
// address to phishing. This is the one check, for every flow (login, sign-up and its mailed
// link, ORCID's stored state) and for the links pages make.

/** A base no real request has: a value that resolves off it is not a path of ours. */
const BASE = "http://next.invalid";

/**
 * Pages that must never be a `next`: going back to them loops (login → login) or does
 * something (logout, a mailed link, a sign-in start). Any case, any tail.
 */
const ACCOUNT_PATHS = /^\/(?:login|logout|signup|reset|verify|auth)(?:[/;.]|$)/i;

/** How deep an encoding is unwrapped; a value encoded deeper is refused, not guessed. */
const DECODE_ROUNDS = 4;

/**
 * "//host" and "/\host" are other sites to a browser (which also reads "\" as "/" and drops
 * tabs and newlines before parsing), so neither they, a backslash anywhere, nor a control
 * character passes, in the value or in any decoding of it.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const UNSAFE = /^(?!\/)|^\/[/\\]|[\\\u0000-\u001f\u007f-\u009f]/;

/** Each decoding of `raw` (itself first), or null when one is not UTF-8 or it goes too deep. */
function decodings(raw: string): string[] | null {
  const layers = [raw];
  for (let i = 0; i < DECODE_ROUNDS; i++) {
    const decoded = percentDecode(layers[layers.length - 1] ?? "");
    if (decoded === null) return null;
    if (decoded === layers[layers.length - 1]) return layers;
    layers.push(decoded);
  }
  return null;
}

/**
 * `raw` as a path of this site (path and query, normalized and ASCII: non-ASCII is
 * percent-encoded, "/a/../b" is "/b", a fragment is dropped), or null when it could lead
 * anywhere else, is too long, or is an account page. Callers fall back to a page of their own.
 */
export function safeNextPath(raw: string | null | undefined): string | null {
  if (!raw || raw.length > NEXT_PATH_MAX_CHARS) return null;
  const layers = decodings(raw);
  if (!layers || layers.some((layer) => UNSAFE.test(layer))) return null;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}`;
  // Normalizing can make a way out ("/x/..//evil.example" is "//evil.example"): check again.
  const normalized = decodings(path);
  if (!normalized || normalized.some((layer) => UNSAFE.test(layer))) return null;
  const paths = decodings(url.pathname);
  if (!paths || paths.some((p) => ACCOUNT_PATHS.test(p))) return null;
  // The URL parser encodes what a header can't hold; check anyway, and the length once grown.
  if (path.length > NEXT_PATH_MAX_CHARS || !/^\/[\x21-\x7e]*$/.test(path)) return null;
  return path;
}

/**
 * Where a login started from this request should come back to: the page itself (a GET's path
 * and query), or, on an account page, the `next` it already carries. A form's POST address is
 * no page to come back to.
 */
export function returnPathOf(url: URL, method: string): string | null {
  if (ACCOUNT_PATHS.test(url.pathname)) return safeNextPath(url.searchParams.get("next"));
  if (method !== "GET" && method !== "HEAD") return null;
  return safeNextPath(`${url.pathname}${url.search}`);
}
