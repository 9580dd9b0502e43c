import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(async () => {
  await t.close();
});

// "standard": the rules about what HTML5 allows (content models, attributes, nesting).
const validator = new HtmlValidate({
  extends: ["html-validate:standard"],
  rules: {
    // KaTeX positions glyphs with inline styles; its MathML is valid but unknown to the validator.
    "no-inline-style": "off",
    "unrecognized-char-ref": "off",
  },
});

describe("pages are valid HTML5", () => {
  const paths = [
    "/",
    "/recent",
    "/best?section=cs",
    "/paper/arxiv/1707.04585",
    "/paper/arxiv/1606.03432",
    "/user/mkestrel",
    "/venues",
    "/venue/nips",
    "/about",
    "/no-such-page",
  ];
  for (const path of paths) {
    it(path, async () => {
      const html = await (await t.get(path)).text();
      const report = await validator.validateString(html);
      const messages = report.results.flatMap((r) =>
        r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line}:${m.column})`),
      );
      expect(messages).toEqual([]);
    });
  }
});
