import { describe, expect, it } from "vitest";
import { NEXT_PATH_MAX_CHARS } from "../../src/core/limits";
import { safeNextPath } from "../../src/http/next-path";
import { ACCEPTED, REFUSED } from "../helpers/redirect-payloads";

// The one check of `?next=` (where login and sign-up return to): only paths of this site.

const OURS = "https://shortscience.example";
const ACCOUNT_PAGE = /^\/(login|logout|signup|reset|verify|auth)([/;.]|$)/i;
const decoded = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

describe("the next parameter", () => {
  it("refuses every way out of the site, every loop and anything too long", () => {
    for (const raw of REFUSED) expect([raw, safeNextPath(raw)]).toEqual([raw, null]);
    expect(safeNextPath(undefined)).toBeNull();
  });

  it("keeps paths of this site, normalized to what a Location header can carry", () => {
    for (const [raw, path] of ACCEPTED) expect([raw, safeNextPath(raw)]).toEqual([raw, path]);
  });

  it("returns only same-origin, non-account, bounded ASCII paths for any variant", () => {
    // Every payload, encoded once or twice, with prefixes and suffixes browsers mangle.
    const variants = [...REFUSED, ...ACCEPTED.map(([raw]) => raw)].flatMap((p) => [
      p,
      encodeURIComponent(p),
      `/${encodeURIComponent(p)}`,
      `/${encodeURIComponent(encodeURIComponent(p))}`,
      `/x/..${p}`,
      `/${p}`,
      `${p}\t`,
      p.replaceAll("/", "\\"),
    ]);
    for (const raw of variants) {
      const path = safeNextPath(raw);
      if (path === null) continue;
      const url = new URL(path, OURS);
      expect([raw, url.origin]).toEqual([raw, OURS]);
      expect(path).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
      expect(path.length).toBeLessThanOrEqual(NEXT_PATH_MAX_CHARS);
      expect([raw, ACCOUNT_PAGE.test(decoded(url.pathname))]).toEqual([raw, false]);
    }
  });
});
