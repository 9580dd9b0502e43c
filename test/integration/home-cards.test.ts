// Issue 11, point 2: the home page shows cards — the paper's title, first authors, venue and
// year, the summary's author and score, an excerpt cut at a block boundary — and stays small.
import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXCERPT_TEXT_CHARS, HOME_PAGE_SIZE } from "../../src/core/limits";
import { excerptOf, visibleChars } from "../../src/render/excerpt";
import { textOutsideMath } from "../../src/render/test-rendered-dom";
import { rerenderStaleSummaries, saveSummary } from "../../src/summaries/summary-write.service";
import { makeSummary, makeUser } from "../helpers/factories";
import { addLongSummaries, longSummary, paperWithDetails } from "../helpers/summary-cards";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(async () => {
  await t.close();
});

const validator = new HtmlValidate({
  extends: ["html-validate:standard"],
  rules: { "no-inline-style": "off", "unrecognized-char-ref": "off" },
});

async function validationErrors(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
}

/** Each card on a page: its summary id and the excerpt's HTML as sent. */
function cards(page: string): { id: number; article: string; excerpt: string }[] {
  return [
    ...page.matchAll(/<article class="summary" id="summary-(\d+)">([\s\S]*?)<\/article>/g),
  ].map((m) => ({
    id: Number(m[1]),
    article: m[2] ?? "",
    excerpt:
      /<div class="prose excerpt">([\s\S]*?)<\/div><p class="summary-footer">/.exec(
        m[2] ?? "",
      )?.[1] ?? "",
  }));
}

/** What a reader sees of an excerpt: its text, each formula counted as its TeX. */
function excerptChars(excerpt: string): number {
  const tex = [
    ...excerpt.matchAll(/<annotation encoding="application\/x-tex">([^<]*)<\/annotation>/g),
  ];
  return (
    visibleChars(textOutsideMath(excerpt)) + tex.reduce((n, m) => n + visibleChars(m[1] ?? ""), 0)
  );
}

describe("the home page's cards", () => {
  let ids: number[] = [];
  let startsWithMath = new Set<number>();

  beforeAll(async () => {
    ({ ids, startsWithMath } = await addLongSummaries(t.db, "econ", 4 * HOME_PAGE_SIZE));
  });

  it("keeps each page of long summaries under 60 KB of valid HTML", async () => {
    for (let page = 1; page <= 4; page++) {
      const html = await t.html(`/best?section=econ${page > 1 ? `&page=${page}` : ""}`);
      expect(new TextEncoder().encode(html).length).toBeLessThan(60_000);
      expect(cards(html)).toHaveLength(HOME_PAGE_SIZE);
      expect(await validationErrors(html)).toEqual([]);
    }
  });

  it("shows excerpts of whole blocks, about 600 characters, math kept, headings demoted", async () => {
    const seen = new Set<number>();
    for (let page = 1; page <= 4; page++) {
      const html = await t.html(`/recent?section=econ${page > 1 ? `&page=${page}` : ""}`);
      for (const card of cards(html)) {
        seen.add(card.id);
        const row = await t.db
          .selectFrom("summaries")
          .select("html")
          .where("id", "=", card.id)
          .executeTakeFirstOrThrow();
        // The excerpt is the stored HTML's first blocks (headings as bold paragraphs): what
        // follows it there is the next block, or nothing.
        const stored = row.html
          .replace(/<h[1-6]>/g, '<p class="excerpt-heading">')
          .replace(/<\/h[1-6]>/g, "</p>");
        expect(card.excerpt.length).toBeGreaterThan(0);
        expect(stored.startsWith(card.excerpt)).toBe(true);
        expect(stored.slice(card.excerpt.length, card.excerpt.length + 2)).toBe("\n<");
        expect(excerptChars(card.excerpt)).toBeLessThanOrEqual(EXCERPT_TEXT_CHARS);
        expect(card.excerpt).not.toMatch(/<h[1-6]/);
        if (startsWithMath.has(card.id)) expect(card.excerpt).toContain('class="katex-display"');
        expect(card.article).toContain(
          `Read more<span class="visually-hidden"> of the summary of Card paper`,
        );
      }
    }
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it("names the paper's first three authors, its venue (linked) and year, the writer and score", async () => {
    const html = await t.html("/best?section=econ");
    const [card] = cards(html);
    expect(card?.article).toMatch(
      /<h2 class="summary-paper"><a href="\/paper\/[^"]+">Card paper \d+<\/a><\/h2>/,
    );
    expect(card?.article).toContain("Ada Lovelace, Bo Zhang, Chidi Okafor et al.");
    expect(card?.article).not.toContain("Dana Scully");
    expect(card?.article).toContain('<a href="/venue/cardconf">CardConf</a> 2019');
    expect(card?.article).toMatch(/<span class="visually-hidden">Score <\/span>0/);
    expect(card?.article).toContain("0 comments");
    const all = (
      await Promise.all([1, 2, 3, 4].map((p) => t.html(`/best?section=econ&page=${p}`)))
    ).join("");
    expect(all).toContain("Card Writer");
    // The anonymous summary's card names nobody.
    expect(all).toContain('<span class="author anonymous">Anonymous</span>');
    expect(all).not.toContain("Hidden Person");
  });

  it("keeps the demo home page small, with the demo's papers' details", async () => {
    const html = await t.html("/");
    expect(new TextEncoder().encode(html).length).toBeLessThan(60_000);
    expect(cards(html).length).toBeGreaterThan(0);
    for (const card of cards(html)) expect(card.excerpt).not.toMatch(/<h[1-6]/);
    expect(html).toContain('<a href="/venue/nips">NeurIPS</a>');
    expect(await validationErrors(html)).toEqual([]);
  });
});

describe("the stored excerpt", () => {
  it("is written with the HTML and stays its excerpt under two edits at once", async () => {
    const user = await makeUser(t.db);
    const paper = await paperWithDetails(t.db, "Edited twice", "fin", {
      key: "edconf",
      name: "EdConf",
    });
    const id = await makeSummary(t.db, paper, user.id, { source: longSummary(99, false) });
    const author = {
      id: user.id,
      username: user.username,
      displayName: user.username,
      role: "user" as const,
      emailVerified: true,
      sessionId: 0,
      csrfToken: "",
    };
    const edit = (text: string) =>
      saveSummary(t.db, t.render, author, {
        paperId: paper,
        source: `${text} $y_${text.length}$. ${"Padded to the editor's minimum length. ".repeat(8)}`,
        isPrivate: false,
        isAnonymous: false,
      });
    await Promise.all([edit("First edit"), edit("A second, concurrent edit")]);
    const row = await t.db
      .selectFrom("summaries")
      .select(["html", "excerpt_html", "excerpt_cut"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.html).toContain("edit");
    const expected = excerptOf(row.html);
    expect(row.excerpt_html).toBe(expected.html);
    expect(row.excerpt_cut).toBe(expected.cut ? 1 : 0);
  });

  it("is made when read for a row stored before excerpts, and stored by the rerender", async () => {
    const user = await makeUser(t.db);
    const paper = await paperWithDetails(t.db, "Older row", "eess", {
      key: "oldconf",
      name: "OldConf",
    });
    const id = await makeSummary(t.db, paper, user.id, { source: longSummary(7, true) });
    // As the migration leaves a row written before it.
    await t.db
      .updateTable("summaries")
      .set({ excerpt_html: null, excerpt_cut: 0 })
      .where("id", "=", id)
      .execute();
    const html = await t.html("/best?section=eess");
    const [card] = cards(html);
    const row = await t.db
      .selectFrom("summaries")
      .select("html")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(card?.excerpt).toBe(excerptOf(row.html).html);
    expect(card?.article).toContain("Read more");

    const report = await rerenderStaleSummaries(t.db, t.render);
    expect(report.failed).toEqual([]);
    expect(report.written).toBeGreaterThanOrEqual(1);
    const stored = await t.db
      .selectFrom("summaries")
      .select(["excerpt_html", "excerpt_cut"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(stored.excerpt_html).toBe(excerptOf(row.html).html);
    expect(stored.excerpt_cut).toBe(1);
    // Nothing is left without one.
    const missing = await t.db
      .selectFrom("summaries")
      .select("id")
      .where("excerpt_html", "is", null)
      .execute();
    expect(missing).toEqual([]);
  });
});
