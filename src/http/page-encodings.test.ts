import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  chooseCoding,
  codedEtag,
  compressForStore,
  ifNoneMatchHits,
  mergeVary,
  variesOnAcceptEncoding,
} from "./page-encodings";

const both = { br: 1, gzip: 1 };

describe("chooseCoding", () => {
  it.each([
    [null, "identity"],
    ["", "identity"],
    ["gzip, deflate, br, zstd", "br"],
    ["gzip, deflate", "gzip"],
    ["x-gzip", "gzip"],
    ["GZIP", "gzip"],
    ["br;q=0, gzip", "gzip"],
    ["br;q=0, *", "gzip"],
    ["*", "br"],
    ["*;q=0.5, identity", "identity"],
    ["gzip;q=0.5, br;q=0.4", "gzip"],
    ["gzip;q=0.4, br;q=0.5", "br"],
    ["gzip; q=1.000, br;Q=0.999", "gzip"],
    ["identity;q=0, br", "br"],
    ["br;q=0, gzip;q=0", "identity"],
    ["identity;q=0", "identity"], // nothing acceptable: identity rather than a 406
    ["*;q=0", "identity"],
    ["deflate, compress", "identity"],
    ["br;q=abc, gzip", "gzip"], // a malformed weight voids its entry
    ["br;q=2, gzip", "gzip"],
    ["br;q=0.0001, gzip;q=0.5", "gzip"],
    ["identity;q=0.5, gzip;q=0.5", "gzip"], // a tie goes to the coding
    ["identity, gzip;q=0.9", "identity"], // the client prefers the bytes as they are
  ])("%j → %s", (header, expected) => {
    expect(chooseCoding(header, both)).toBe(expected);
  });

  it("chooses only among the codings the page has", () => {
    expect(chooseCoding("br, gzip", { gzip: 1 })).toBe("gzip");
    expect(chooseCoding("br", { gzip: 1 })).toBe("identity");
    expect(chooseCoding("br, gzip", {})).toBe("identity");
  });

  it("reads only the first kilobyte of an absurd header", () => {
    expect(chooseCoding(`${"a, ".repeat(10_000)}br`, both)).toBe("identity");
  });
});

describe("validators", () => {
  it("marks the ETag of each coding, strong or weak", () => {
    expect(codedEtag('"abc"', "br")).toBe('"abc-br"');
    expect(codedEtag('"abc"', "gzip")).toBe('"abc-gz"');
    expect(codedEtag('W/"v1"', "gzip")).toBe('W/"v1-gz"');
  });

  it("If-None-Match matches any listed tag, weakly, or *", () => {
    expect(ifNoneMatchHits('"abc-br"', '"abc-br"')).toBe(true);
    expect(ifNoneMatchHits('"abc"', '"abc-br"')).toBe(false);
    expect(ifNoneMatchHits('"x", W/"abc-br" , "y"', '"abc-br"')).toBe(true);
    expect(ifNoneMatchHits('W/"abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('"abc"', 'W/"abc"')).toBe(true);
    expect(ifNoneMatchHits("*", '"abc"')).toBe(true);
    expect(ifNoneMatchHits("", '"abc"')).toBe(false);
  });

  it("merges Vary without repeating a name", () => {
    expect(mergeVary(null, ["Accept-Encoding"])).toBe("Accept-Encoding");
    expect(mergeVary("Cookie", ["Accept-Encoding"])).toBe("Cookie, Accept-Encoding");
    expect(mergeVary("accept-encoding, Cookie", ["Accept-Encoding", " Cookie"])).toBe(
      "accept-encoding, Cookie",
    );
    expect(mergeVary("*", ["Accept-Encoding"])).toBe("*");
    expect(variesOnAcceptEncoding("Cookie, Accept-Encoding")).toBe(true);
    expect(variesOnAcceptEncoding("Cookie")).toBe(false);
  });
});

describe("compressForStore", () => {
  it("keeps both codings of text, each decoding to the same bytes", async () => {
    const body = new TextEncoder().encode("<p>A summary of a paper.</p>\n".repeat(500));
    const out = await compressForStore(body);
    expect(out.br && brotliDecompressSync(out.br)).toEqual(Buffer.from(body));
    expect(out.gzip && gunzipSync(out.gzip)).toEqual(Buffer.from(body));
    expect(out.br?.byteLength).toBeLessThan(body.byteLength / 10);
  });

  it("skips a coding that doesn't make the body smaller", async () => {
    const tiny = new TextEncoder().encode("ok");
    expect(await compressForStore(tiny)).toEqual({});
  });
});
