import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoSummaries } from "../../src/demo/content";
import { loadDemo } from "../../src/demo/load-demo";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(async () => {
  await t.close();
});

describe("demo content", () => {
  it("loads the five seed papers with their arXiv ids", async () => {
    const ids = await t.db
      .selectFrom("paper_identifiers")
      .select("value")
      .where("scheme", "=", "arxiv")
      .execute();
    expect(ids.map((i) => i.value).sort()).toEqual([
      "1602.07360",
      "1606.03432",
      "1609.05473",
      "1707.04585",
      "1905.02175",
    ]);
  });

  it("is typeset without a single math error", async () => {
    const rows = await t.db.selectFrom("summaries").select(["math_count", "math_errors"]).execute();
    expect(rows.length).toBe(demoSummaries.length);
    expect(rows.every((r) => r.math_errors === 0)).toBe(true);
    expect(rows.reduce((n, r) => n + r.math_count, 0)).toBeGreaterThan(30);
    const comments = await t.db.selectFrom("comments").select("html").execute();
    expect(comments.some((c) => c.html.includes('class="katex"'))).toBe(true);
    expect(comments.every((c) => !c.html.includes("math-error"))).toBe(true);
  });

  it("uses every feature the renderer must show", async () => {
    const sources = demoSummaries.map((s) => s.source).join("\n");
    const html = (await t.db.selectFrom("summaries").select("html").execute())
      .map((r) => r.html)
      .join("\n");
    expect(sources).toMatch(/\\begin\{array\}[\s\S]*\\hline/);
    expect(sources).toMatch(/[^$]\$\s*\\begin\{align\}[\s\S]*?\\end\{align\}\s*\$[^$]/);
    expect(sources).toContain("\\mbox{");
    expect(html).toContain('class="katex-display"');
    expect(html).toMatch(/<span class="katex">/);
    expect(html).toContain("<table>");
    expect(html).toMatch(/<ul>|<ol>/);
    expect(html).toMatch(/<pre><code/);
    expect(html).toMatch(/<a href="https:\/\/arxiv\.org\/abs\//);
    expect(html).toMatch(/<img src="https:\/\//);
    expect(html).toContain('class="cite"');
  });

  it("has one private and one anonymous summary, and a paper with two competing public ones", async () => {
    expect(demoSummaries.filter((s) => s.private)).toHaveLength(1);
    expect(demoSummaries.filter((s) => s.anonymous)).toHaveLength(1);
    const perPaper = new Map<string, number>();
    for (const s of demoSummaries.filter((x) => !x.private)) {
      perPaper.set(s.paperArxivId, (perPaper.get(s.paperArxivId) ?? 0) + 1);
    }
    expect([...perPaper.values()].some((n) => n >= 2)).toBe(true);
  });

  it("is not loaded twice", async () => {
    const report = await loadDemo(t.db, t.render);
    expect(report.loaded).toBe(false);
    const papers = await t.db.selectFrom("papers").select("id").execute();
    expect(papers).toHaveLength(5);
  });
});
