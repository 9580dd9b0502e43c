// Issue 9, "still inert": our own payloads aimed at the HTML allowlist, rendered and then
// parsed as a browser parses them (parse5), once and again after a serialize round trip
// (mutation XSS lives in the difference between two parses). The browser proof is
// test/e2e/sanitizer-xss.browser.test.ts.
import { parseFragment, serialize } from "parse5";
import { describe, expect, it } from "vitest";
import { SANITIZER_CASES } from "../../test/fixtures/xss/sanitizer-payloads";
import { findActiveContent } from "../../test/helpers/html-inert";
import { auditRendered } from "../../test/helpers/rendered-audit";
import { demoSummaries } from "../demo/content";
import { renderMarkdown } from "./index";

describe("the audit of rendered HTML", () => {
  it("accepts what the renderer writes for real summaries", () => {
    for (const { source } of demoSummaries) {
      expect(auditRendered(renderMarkdown(source).html)).toEqual([]);
    }
  });

  it.each([
    ['<img src="https://example.org/a.png" onerror="alert(1)">', "onerror"],
    ['<div class="skip-link">x</div>', "class"],
    ['<p style="position:fixed">x</p>', "style"],
    ['<a id="x" href="https://example.org/">x</a>', "id"],
    ['<img name="cookie">', "name"],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>', "href"],
    ['<img src="http://example.org/a.png">', "img src"],
    ["<svg><p><style><img src=x onerror=alert(1)></style></p></svg>", "<style>"],
    ["<form><input></form>", "<form>"],
    ['<span class="katex"><a href="javascript:alert(1)">x</a></span>', "inside KaTeX"],
  ])("notices %s", (html, word) => {
    expect(auditRendered(html).join("\n")).toContain(word);
  });
});

describe("payloads aimed at the sanitizer", () => {
  it("has a case for every family the issue names", () => {
    const all = Object.values(SANITIZER_CASES).join("\n");
    for (const needle of [
      "<noscript>",
      "<template>",
      "<math><mtext>",
      "<svg><p><style>",
      "&#106;avascript:",
      "&#x6A;avascript:",
      "jav&#x09;ascript:",
      "srcset=",
      "<img src=javascript:",
      '<a href=" javascript:',
      "ontoggle=",
      "<img name=",
      "<form id=",
      "<a id=",
      "<base href",
      '<meta http-equiv="refresh"',
      "<link rel=",
      'style="position:fixed',
    ]) {
      expect(all, needle).toContain(needle);
    }
  });

  it.each(Object.entries(SANITIZER_CASES))(
    "%s: nothing active, no id/name/class/style",
    (_why, payload) => {
      const { html } = renderMarkdown(payload);
      expect(findActiveContent(html)).toEqual([]);
      expect(auditRendered(html)).toEqual([]);
      // A second parse of the browser's own serialization finds nothing new (no mutation XSS).
      const reparsed = serialize(parseFragment(html));
      expect(auditRendered(reparsed)).toEqual([]);
      expect(auditRendered(serialize(parseFragment(reparsed)))).toEqual([]);
    },
  );

  it("each payload is also inert inside the HTML the allowlist keeps", () => {
    for (const payload of Object.values(SANITIZER_CASES)) {
      for (const wrapped of [
        `<div>\n\n${payload}\n\n</div>`,
        `<table><tr><td>${payload}</td></tr></table>`,
        `<details><summary>s</summary>\n\n${payload}\n\n</details>`,
        `* <sub>${payload}</sub>`,
      ]) {
        const { html } = renderMarkdown(wrapped);
        expect(findActiveContent(html), wrapped).toEqual([]);
        expect(auditRendered(html), wrapped).toEqual([]);
      }
    }
  });
});
