import { describe, expect, it } from "vitest";
import { pageCacheKey } from "../../src/http/page-cache-keys";
import { venueCacheQuery } from "../../src/papers/venues.pages";
import { homeCacheQuery } from "../../src/summaries/home.pages";

// The keys of the pages as they declare their query parameters (what app.ts hands the cache).
const queries = [homeCacheQuery, venueCacheQuery];
const key = (path: string) => pageCacheKey(new URL(`http://localhost${path}`), queries);

describe("pageCacheKey", () => {
  it("keeps only the parameters the page reads, in canonical order", () => {
    expect(key("/recent?section=cs&page=2")).toEqual({
      key: "/recent?page=2&section=cs",
      storable: true,
    });
    expect(key("/recent?page=2&section=cs").key).toBe("/recent?page=2&section=cs");
    expect(key("/?page=2").key).toBe("/?page=2");
    expect(key("/venue/nips?year=2017").key).toBe("/venue/nips?year=2017");
  });

  it("drops unknown parameters from the key and marks the request not storable", () => {
    expect(key("/paper/arxiv/1707.04585?v=1")).toEqual({
      key: "/paper/arxiv/1707.04585",
      storable: false,
    });
    expect(key("/recent?v=9&page=2")).toEqual({ key: "/recent?page=2", storable: false });
    expect(key("/venue/nips?page=2").storable).toBe(false);
  });

  it("treats a repeated parameter as not storable, keyed by its first value", () => {
    expect(key("/best?page=2&page=3")).toEqual({ key: "/best?page=2", storable: false });
  });

  it("ignores the host: a Host header can't make new entries", () => {
    const a = pageCacheKey(new URL("http://one.example/about"), queries);
    const b = pageCacheKey(new URL("http://two.example/about"), queries);
    expect(a).toEqual(b);
  });

  it("encodes values one way whatever the request's spelling", () => {
    expect(key("/venue/x?year=20%2017").key).toBe(key("/venue/x?year=20+17").key);
    expect(key("/venue/x?year=%32%30%31%37").key).toBe("/venue/x?year=2017");
  });

  it("keys a value as the page parses it, so one page has one entry however it is spelt", () => {
    for (const spelling of ["02", "0002", "%30%302", "000002"]) {
      expect(key(`/recent?page=${spelling}&section=cs`), spelling).toEqual({
        key: "/recent?page=2&section=cs",
        storable: true,
      });
    }
    // Page 1 is the page without the parameter.
    for (const spelling of ["1", "01", "000001", ""]) {
      expect(key(`/?page=${spelling}`), spelling).toEqual({ key: "/", storable: true });
    }
    expect(key("/venue/x?year=")).toEqual({ key: "/venue/x", storable: true });
    // The page names itself with ?year= (canonical link), so it is not the bare venue page.
    expect(key("/venue/x?year=2017")).toEqual({ key: "/venue/x?year=2017", storable: true });
  });

  it("never stores a value the page refuses, nor lets it reach a real entry", () => {
    for (const q of [
      "page=0",
      "page=-1",
      "page=1.0",
      "page=%201",
      "page=1234567",
      "page=0000002",
      "page=x",
    ]) {
      const k = key(`/best?${q}`);
      expect(k.storable, q).toBe(false);
      expect(k.key, q).not.toBe("/best");
    }
    for (const q of ["section=", "section=CS", "section=toString", "section=__proto__"]) {
      expect(key(`/?${q}`).storable, q).toBe(false);
      expect(key(`/?${q}`).key, q).not.toBe("/");
    }
    expect(key("/venue/x?year=17")).toEqual({ key: "/venue/x?year=17", storable: false });
    expect(key("/venue/x?year=02017").storable).toBe(false);
    // Object.prototype's names are not parameters of any page.
    expect(key("/?constructor=1").storable).toBe(false);
  });
});
