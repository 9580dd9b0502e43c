import { describe, expect, it } from "vitest";
import { findActiveContent } from "../../test/helpers/html-inert";
import { renderMarkdown } from "./index";
import { isAllowedImageUrl, isAllowedLinkUrl, isImageUrl } from "./links";

const html = (source: string) => renderMarkdown(source).html;

describe("the inertness checker", () => {
  it.each([
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<a href=JaVaScRiPt:alert(1)>x</a>",
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<div style="background:url(javascript:alert(1))">',
    '<IFRAME SRC="https://example.org"></IFRAME>',
    "<!-- comment -->",
  ])("flags %s", (bad) => {
    expect(findActiveContent(bad)).not.toEqual([]);
  });
});

describe("URL policy", () => {
  it.each([
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\u0000script:alert(1)",
    "\u0001javascript:alert(1)",
    "java\u200bscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "data:image/png;base64,iVBORw0KGgo=",
    "file:///etc/passwd",
    "%6Aavascript:alert(1)",
    "unknown:thing",
  ])("refuses %j", (url) => {
    expect(isAllowedLinkUrl(url)).toBe(false);
    expect(isAllowedImageUrl(url)).toBe(false);
  });

  it.each([
    "https://example.org/x",
    "http://a.b",
    "//cdn.example/x",
    "/papers/1",
    "#sec",
    "a/b?c=d:e",
    "",
  ])("allows %j", (url) => {
    expect(isAllowedLinkUrl(url)).toBe(true);
    expect(isAllowedImageUrl(url)).toBe(true);
  });

  it("allows mailto: for links only", () => {
    expect(isAllowedLinkUrl("mailto:a@example.org")).toBe(true);
    expect(isAllowedImageUrl("mailto:a@example.org")).toBe(false);
  });
});

describe("hostile Markdown and HTML", () => {
  it.each([
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript&#x3A;alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![pic](data:image/png;base64,iVBORw0KGgo=)",
    "![pic](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<style>p{color:red}</style><iframe src=//example.org></iframe>",
    "<svg onload=alert(1)><math><mtext><form action=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript://">',
    "<object data=javascript:alert(1)><embed src=javascript:alert(1)>",
    '[x](https://example.org "title" onmouseover="alert(1)")',
    '![x](https://example.org/a.png "a\\" onerror=\\"alert(1)")',
    "javascript:alert(1) and www.example.org and mail me: a@example.org",
    "$x$<script>alert(1)</script>$y$",
    '\\cite{a"onmouseover=alert(1)}',
  ])("renders %j inert", (source) => {
    expect(findActiveContent(html(source))).toEqual([]);
  });

  it("keeps an allowed tag and removes its handler (issue 9: no longer escaped into text)", () => {
    expect(html("<img src=x onerror=alert(1)>")).toBe('<img src="x" loading="lazy">');
    expect(html('a <b onclick="alert(1)" class="x">b</b>')).toBe("<p>a <b>b</b></p>\n");
  });

  it("leaves a refused link as text", () => {
    expect(html("[click](javascript:alert(1))")).toBe("<p>[click](javascript:alert(1))</p>\n");
  });
});

describe("links", () => {
  it("marks external links nofollow ugc noopener", () => {
    expect(html("[a](https://example.org/x) [b](//example.org)")).toBe(
      '<p><a href="https://example.org/x" rel="nofollow ugc noopener">a</a> ' +
        '<a href="//example.org" rel="nofollow ugc noopener">b</a></p>\n',
    );
  });

  it("leaves site links and mail links without rel", () => {
    expect(html("[a](/paper/1) [b](#top) [c](mailto:x@example.org)")).toBe(
      '<p><a href="/paper/1">a</a> <a href="#top">b</a> <a href="mailto:x@example.org">c</a></p>\n',
    );
  });

  it("linkifies bare URLs", () => {
    expect(html("see https://example.org/page.")).toBe(
      '<p>see <a href="https://example.org/page" rel="nofollow ugc noopener">https://example.org/page</a>.</p>\n',
    );
  });
});

describe("images", () => {
  it("shows ![alt](https://…) from any host, lazily", () => {
    expect(html("![a plot](https://img.example.net/p.png?raw=1)")).toBe(
      '<p><img src="https://img.example.net/p.png?raw=1" alt="a plot" loading="lazy"></p>\n',
    );
  });

  it("turns a bare link or autolink to an image file into the image", () => {
    expect(html("Plot: https://example.org/fig%201.PNG?dl=1")).toBe(
      '<p>Plot: <img src="https://example.org/fig%201.PNG?dl=1" alt="fig 1.PNG" loading="lazy"></p>\n',
    );
    expect(html("<https://example.org/a.svg>")).toContain(
      '<img src="https://example.org/a.svg" alt="a.svg" loading="lazy">',
    );
  });

  it("keeps bare links to other files, and [text](…png) links, as links", () => {
    expect(html("https://example.org/paper.pdf")).toContain(
      '<a href="https://example.org/paper.pdf"',
    );
    expect(html("[fig](https://example.org/a.png)")).toContain(
      '<a href="https://example.org/a.png"',
    );
  });

  it("recognises image URLs by their path", () => {
    expect(isImageUrl("https://a.org/x.jpeg#f")).toBe(true);
    expect(isImageUrl("https://a.org/x?f=.png")).toBe(false);
    expect(isImageUrl("ftp://a.org/x.png")).toBe(false);
  });
});

describe("images and our CSP (img-src 'self' https:)", () => {
  it("keeps a bare http link to an image a link: the page could not show it", () => {
    const { html } = renderMarkdown("see http://example.org/figure.png here");
    expect(html).not.toContain("<img");
    expect(html).toContain('<a href="http://example.org/figure.png"');
  });

  it("turns a bare https link to an image into the image", () => {
    const { html } = renderMarkdown("see https://example.org/figure.png here");
    expect(html).toContain('<img src="https://example.org/figure.png"');
  });

  it("asks for the https copy of an explicit http image", () => {
    const { html } = renderMarkdown("![plot](http://example.org/plot.png)");
    expect(html).toContain('<img src="https://example.org/plot.png" alt="plot"');
  });
});
