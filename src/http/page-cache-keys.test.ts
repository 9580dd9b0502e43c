import { describe, expect, it } from "vitest";
import { pageCacheKey } from "./page-cache-keys";

const key = (path: string) => pageCacheKey(new URL(`http://localhost${path}`));

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
    const a = pageCacheKey(new URL("http://one.example/about"));
    const b = pageCacheKey(new URL("http://two.example/about"));
    expect(a).toEqual(b);
  });

  it("encodes values one way whatever the request's spelling", () => {
    expect(key("/venue/x?year=20%2017").key).toBe(key("/venue/x?year=20+17").key);
    expect(key("/venue/x?year=%32%30%31%37").key).toBe("/venue/x?year=2017");
  });
});
