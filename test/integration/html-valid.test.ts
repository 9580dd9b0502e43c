import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionClient } from "../helpers/sessions";
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
    "/summary/1/history",
    "/venues",
    "/venue/nips",
    "/search",
    "/search?q=network",
    "/search?q=network&type=summaries&from=2010",
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

describe("moderation pages are valid HTML5", () => {
  it("the report form, the queue, the hidden tab and the log", async () => {
    const reporter = await sessionClient(t);
    const admin = await sessionClient(t);
    await t.db
      .updateTable("users")
      .set({ role: "admin" })
      .where("id", "=", admin.account.id)
      .execute();
    const [first, second] = await t.db
      .selectFrom("summaries")
      .select("id")
      .where("is_private", "=", 0)
      .orderBy("id")
      .limit(2)
      .execute();
    const pages = [`/report/summary/${first?.id}`, "/report/user/mkestrel"];
    for (const path of pages) {
      await reporter.client.get(path);
      await reporter.client.post(path, { reason: "other", details: "Details <b>here</b>" });
    }
    await admin.client.get("/moderation");
    await admin.client.post(`/moderation/summary/${second?.id}`, { action: "hide" });
    for (const [client, path] of [
      [reporter.client, pages[0]],
      [reporter.client, pages[1]],
      [admin.client, "/moderation"],
      [admin.client, "/moderation/hidden"],
      [admin.client, "/moderation/log"],
    ] as const) {
      const res = await client.get(path as string);
      expect(res.status, path).toBe(200);
      const report = await validator.validateString(await res.text());
      const messages = report.results.flatMap((r) =>
        r.messages.map((m) => `${path} ${m.ruleId}: ${m.message} (line ${m.line}:${m.column})`),
      );
      expect(messages).toEqual([]);
    }
    await admin.client.post(`/moderation/summary/${second?.id}`, { action: "unhide" });
  });
});
