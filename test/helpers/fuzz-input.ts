import fc from "fast-check";

// Random request parts for the route fuzz test (test/integration/route-fuzz.test.ts).

/** Form fields and query parameters the routes read (grep `field("` and `query("` in src/). */
export const FIELDS = (
  "_csrf abstract anonymous authors bio current displayName email identifier login mode next " +
  "notifyComments orcid paperId password private source title username value venue year"
).split(" ");
const QUERY_KEYS =
  "bibtexKey id key link name notice page q return_to saved section state year tab v".split(" ");

/** What broke things before: frequent enough that every route meets each of them. */
const POISON = ["\0", "%00", "\uD800", "\uDFFF", "%FF", "%ED%A0%80", "%C3", "%zz", "%"];
const SPECIALS = [
  ..."%2F .. / ? # & = + ; ' \" <script> \\ 0 1 -1 1.5 1e9 99999999999999999999".split(" "),
  ..."arxiv doi bibtex ris 2001.00001 10.1000/x $x$ \\frac{ é \u202E \uFFFF".split(" "),
  " ",
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...POISON) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIALS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.nat().map(String) },
  { weight: 1, arbitrary: fc.constantFrom("x".repeat(5_000), "é".repeat(40_000)) },
);
export const text = fc.array(piece, { maxLength: 4 }).map((p) => p.join(""));
export const fieldName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...FIELDS) },
  { weight: 1, arbitrary: text },
);
export const queryKey = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...QUERY_KEYS) },
  { weight: 1, arbitrary: text },
);

export type BodyKind = "urlencoded" | "multipart" | "raw-bytes" | "broken-multipart" | "none";
export const bodyKind: fc.Arbitrary<BodyKind> = fc.oneof(
  { weight: 4, arbitrary: fc.constant("urlencoded" as const) },
  { weight: 2, arbitrary: fc.constant("multipart" as const) },
  { weight: 1, arbitrary: fc.constantFrom("raw-bytes", "broken-multipart", "none") },
);

export interface Encoding {
  keepSlash: boolean;
  /** Hostile text keeps its NULs, stray `%` and lone surrogates; clean text has none. */
  hostile: boolean;
}

/**
 * Percent-encodes text for a URL. Hostile: `%` stays (stray and invalid escapes get
 * through) and lone surrogates become WTF-8 (bytes that are not UTF-8). Clean: NUL and lone
 * surrogates are dropped and everything is encoded, so the route itself reads the text.
 */
export function encode(text: string, o: Encoding): string {
  let out = "";
  for (const ch of text) {
    const unit = ch.charCodeAt(0);
    const lone = ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff;
    if (!o.hostile && (lone || ch === "\0")) continue;
    if (/[A-Za-z0-9\-._~]/.test(ch) || (o.keepSlash && ch === "/") || (o.hostile && ch === "%")) {
      out += ch;
    } else if (lone) {
      const bytes = [0xed, 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    } else out += encodeURIComponent(ch);
  }
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A form body of the given kind holding the token and the fields. */
export function formBody(
  kind: BodyKind,
  fields: Array<[string, string]>,
  token: string,
  o: Encoding,
): { type: string; data: string | Uint8Array<ArrayBuffer> } | null {
  const all: Array<[string, string]> = [["_csrf", token], ...fields];
  const flat = { ...o, keepSlash: false };
  const urlencoded = all.map(([k, v]) => `${encode(k, flat)}=${encode(v, flat)}`).join("&");
  const plain = (v: string) =>
    o.hostile ? v : v.replace(LONE_SURROGATE, "\uFFFD").replaceAll("\0", "");
  const boundary = "fuzzBoundary7";
  const multipart = all
    .map(([k, v]) => {
      const name = plain(k).replace(/["\r\n]/g, "");
      return `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${plain(v)}\r\n`;
    })
    .join("");
  const multipartType = `multipart/form-data; boundary=${boundary}`;
  switch (kind) {
    case "urlencoded":
      return { type: "application/x-www-form-urlencoded", data: urlencoded };
    case "raw-bytes": {
      const bad = Buffer.from([0x26, 0x78, 0x3d, 0xc3, 0x28, 0xff]); // &x= then bytes that are not UTF-8
      return {
        type: "application/x-www-form-urlencoded",
        data: Buffer.concat([Buffer.from(urlencoded), bad]),
      };
    }
    case "multipart":
      return { type: multipartType, data: `${multipart}--${boundary}--\r\n` };
    case "broken-multipart":
      return { type: multipartType, data: multipart.slice(0, -7) };
    default:
      return null;
  }
}

export type Run = [
  values: string[],
  query: Array<[string, string]>,
  fields: Array<[string, string]>,
  o: Encoding,
  kind: BodyKind,
  loggedIn: boolean,
];

/**
 * Runs tried first on every route, whatever the random ones find: each poison in every path
 * parameter, in the query, and in every known field (url-encoded and multipart, both
 * identities), each place on its own (a poisoned address is refused before the form is read).
 */
export function poisonedRuns(paramCount: number): Run[] {
  const hostile = { keepSlash: false, hostile: true };
  return ["\0", "%FF", "\uD800"].flatMap((poison): Run[] => {
    const bad = `a${poison}b`;
    const fields = FIELDS.filter((f) => f !== "_csrf").map((f): [string, string] => [f, bad]);
    const params = (value: string) => Array.from({ length: paramCount }, () => value);
    return [
      [params(bad), [], [], hostile, "none", false],
      [params("1"), [["q", bad]], [], hostile, "none", true],
      ...(["urlencoded", "multipart"] as const).flatMap((kind) =>
        [false, true].map((loggedIn): Run => [params("1"), [], fields, hostile, kind, loggedIn]),
      ),
    ];
  });
}
