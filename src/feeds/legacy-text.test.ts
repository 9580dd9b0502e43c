import { describe, expect, it } from "vitest";
import { legacyKeys } from "./legacy-keys";
import { legacyExcerpt, withoutUrls } from "./legacy-text";
import { xmlText } from "./xml";

describe("withoutUrls (the original's URL pattern, Markdown links kept as text)", () => {
  it.each([
    ["see http://example.org/a?b=1.", "see ."],
    ["(https://x.org/p) and ftp://f.org/file", "() and "],
    ["a [paper](https://arxiv.org/abs/1707.04585) here", "a paper here"],
    ['a [titled](https://x.org "The title") link', "a titled link"],
    ["![a figure](https://i.imgur.com/x.png)", "a figure"],
    ["an autolink <https://x.org/y> here", "an autolink  here"],
    ["no url: $a < b$ & done", "no url: $a < b$ & done"],
  ])("%s", (input, expected) => {
    expect(withoutUrls(input)).toBe(expected);
  });
});

describe("hostile sources of 100 KB (each feed item runs these; the test's timeout is the guard)", () => {
  const N = 100_000;
  it.each([
    ["an open link followed by blank lines", `[a](${"\n".repeat(N)}`],
    ["an open link followed by spaces", `[a](${" ".repeat(N)}x`],
    ["brackets without an end", "[".repeat(N)],
    ["autolinks without an end", "<http://".repeat(N / 8)],
    ["a URL of punctuation", `http://${".".repeat(N)}`],
  ])("%s: nothing to remove, text kept", (_name, source) => {
    const out = withoutUrls(source);
    // Unmatched links stay as typed; only the scheme of a bare URL can go.
    expect(out.length).toBeGreaterThanOrEqual(source.length - (N / 8) * "<http://".length);
    expect(legacyExcerpt(source).length).toBeLessThanOrEqual(503);
  });

  it("a link whose spaces run long still loses its target", () => {
    expect(withoutUrls(`see [the paper](${" ".repeat(N)}https://x.org${" ".repeat(N)}) now`)).toBe(
      "see the paper now",
    );
  });
});

describe("legacyExcerpt", () => {
  it("keeps a text of exactly 500 characters whole, without dots", () => {
    const text = "a".repeat(500);
    expect(legacyExcerpt(text)).toBe(text);
  });

  it("cuts at 500 characters and adds ...", () => {
    expect(legacyExcerpt("b".repeat(501))).toBe(`${"b".repeat(500)}...`);
  });

  it("counts characters, not bytes or UTF-16 units: never splits a character", () => {
    // 499 ASCII, then a 4-byte character (two UTF-16 units) at the cut, then more.
    const text = `${"c".repeat(499)}𝔸é and more`;
    expect(legacyExcerpt(text)).toBe(`${"c".repeat(499)}𝔸...`);
    const accents = "é".repeat(600);
    expect(legacyExcerpt(accents)).toBe(`${"é".repeat(500)}...`);
  });

  it("removes URLs before cutting: a URL across the cut is gone entirely", () => {
    const url = "https://example.org/a/long/path/that/crosses/the/cut";
    const text = `${"d".repeat(490)} ${url} tail`;
    expect(legacyExcerpt(text)).toBe(`${"d".repeat(490)}  tail`);
    // 494 + 1 + URL + 1 + 20: the cut at 500 falls inside the URL, which is removed first.
    const long = `${"e".repeat(494)} ${url} ${"f".repeat(20)}`;
    expect(legacyExcerpt(long)).toBe(`${"e".repeat(494)}  ${"f".repeat(4)}...`);
  });

  it("keeps a Markdown link's text when the link straddles the cut", () => {
    const text = `${"g".repeat(495)}[the paper](https://x.org/p) end`;
    expect(legacyExcerpt(text)).toBe(`${"g".repeat(495)}the p...`);
  });
});

describe("legacyKeys", () => {
  it.each([
    [[{ scheme: "arxiv", value: "1707.04585" }], "1707.04585", "journals/corr/1707.04585"],
    [[{ scheme: "arxiv", value: "hep-th/9901001" }], "hep-th/9901001", "hep-th/9901001"],
    [
      [
        { scheme: "doi", value: "10.1/x" },
        { scheme: "dblp", value: "conf/nips/VaswaniSPUJGKP17" },
      ],
      null,
      "conf/nips/VaswaniSPUJGKP17",
    ],
    [[{ scheme: "doi", value: "10.1145/3065386" }], null, "10.1145/3065386"],
    [[{ scheme: "pmid", value: "123" }], null, "pmid:123"],
    [[], null, ""],
  ])("%j", (ids, arxivId, bibtexKey) => {
    expect(legacyKeys(ids)).toEqual({ arxivId, bibtexKey });
  });
});

describe("xmlText", () => {
  it("escapes markup and drops what XML 1.0 forbids", () => {
    expect(xmlText("a & <b> \"c\" 'd' ]]>")).toBe(
      "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos; ]]&gt;",
    );
    expect(xmlText("x\u0000\u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFFy\tz\n")).toBe("xy\tz\n");
    expect(xmlText("lone \uD800 surrogate, pair 𝔸 kept")).toBe("lone  surrogate, pair 𝔸 kept");
  });
});
