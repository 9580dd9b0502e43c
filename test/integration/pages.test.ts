import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(async () => {
  await t.close();
});

async function summaryIdOf(username: string, arxiv: string): Promise<number> {
  const row = await t.db
    .selectFrom("summaries as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .innerJoin("paper_identifiers as i", "i.paper_id", "s.paper_id")
    .where("u.username", "=", username)
    .where("i.scheme", "=", "arxiv")
    .where("i.value", "=", arxiv)
    .select("s.id")
    .executeTakeFirstOrThrow();
  return row.id;
}

describe("home", () => {
  it("shows five summaries a page with Popular / Recent / Best tabs", async () => {
    const html = await t.html("/");
    expect(html.match(/<article class="summary"/g)).toHaveLength(5);
    for (const tab of ["Popular", "Recent", "Best"]) expect(html).toContain(`>${tab}</a>`);
    expect(html).toContain('aria-current="page">Popular');
    expect(html).toContain('href="/?page=2"');
  });

  it("orders Best by score, highest first", async () => {
    const html = await t.html("/best");
    const scores = [
      ...html.matchAll(
        /<span class="score"[^>]*><span class="visually-hidden">Score <\/span>([+-]?\d+)<\/span>/g,
      ),
    ].map((m) => Number(m[1]));
    expect(scores.length).toBe(5);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("orders Recent by last edit, newest first", async () => {
    const html = await t.html("/recent");
    const times = [...html.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(times.length).toBeGreaterThan(1);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("paginates: page 2 holds the rest, a page past the end is 404, a bad page 400", async () => {
    const html = await t.html("/recent?page=2");
    expect(html.match(/<article class="summary"/g)?.length).toBeGreaterThan(0);
    expect((await t.get("/recent?page=99")).status).toBe(404);
    expect((await t.get("/recent?page=abc")).status).toBe(400);
  });

  it("filters by section", async () => {
    const html = await t.html("/best?section=cs");
    expect(html).toContain("SeqGAN");
    expect((await t.get("/best?section=astrology")).status).toBe(400);
    const physics = await t.html("/best?section=physics");
    expect(physics).toContain("No summaries here yet.");
  });
});

describe("paper page", () => {
  it("shows metadata, links and summaries ordered by score", async () => {
    const html = await t.html("/paper/arxiv/1905.02175");
    expect(html).toContain("Adversarial Examples Are Not Bugs, They Are Features");
    expect(html).toContain("Andrew Ilyas");
    expect(html).toContain("2019");
    expect(html).toContain('href="/venue/nips"');
    expect(html).toContain('href="https://arxiv.org/abs/1905.02175"');
    expect(html).toContain('href="https://arxiv.org/pdf/1905.02175"');
    expect(html).toContain('href="/cite/bibtex/arxiv/1905.02175"');
    expect(html).toContain(
      '<meta name="citation_title" content="Adversarial Examples Are Not Bugs, They Are Features"',
    );
    expect(html.match(/<meta name="citation_author"/g)).toHaveLength(6);
    expect(html).toContain("2 summaries");
    const scores = [...html.matchAll(/Score <\/span>([+-]?\d+)/g)].map((m) => Number(m[1]));
    expect(scores).toHaveLength(2);
    expect(scores[0]).toBeGreaterThan(scores[1] ?? 0);
  });

  it("carries typeset math, no math source left for the browser", async () => {
    const html = await t.html("/paper/arxiv/1707.04585");
    expect(html).toContain('class="katex"');
    expect(html).toContain("<math");
    expect(html).not.toContain("math-error");
    // The only script element is JSON-LD data (citations), which browsers never execute.
    const scripts = html.match(/<script[^>]*>/gi) ?? [];
    expect(scripts).toEqual(['<script type="application/ld+json">']);
  });

  it("shows comments under their summary", async () => {
    const comment = await t.db
      .selectFrom("comments")
      .select(["id", "summary_id"])
      .executeTakeFirstOrThrow();
    const paper = await t.db
      .selectFrom("summaries")
      .select("paper_id")
      .where("id", "=", comment.summary_id)
      .executeTakeFirstOrThrow();
    const ids = await t.db
      .selectFrom("paper_identifiers")
      .select("value")
      .where("paper_id", "=", paper.paper_id)
      .where("scheme", "=", "arxiv")
      .executeTakeFirstOrThrow();
    const html = await t.html(`/paper/arxiv/${ids.value}`);
    const summaryAt = html.indexOf(`id="summary-${comment.summary_id}"`);
    const commentAt = html.indexOf(`id="comment-${comment.id}"`);
    expect(summaryAt).toBeGreaterThan(0);
    expect(commentAt).toBeGreaterThan(summaryAt);
  });

  it("reaches the same paper from the legacy key, a versioned id and a URL-ish DOI", async () => {
    const legacy = await t.get("/paper?bibtexKey=journals/corr/1609.05473");
    expect(legacy.status).toBe(301);
    expect(legacy.headers.get("Location")).toBe("/paper/arxiv/1609.05473");
    const versioned = await t.get("/paper/arxiv/1609.05473v2");
    expect(versioned.status).toBe(301);
    expect(versioned.headers.get("Location")).toBe("/paper/arxiv/1609.05473");
    const viaDoi = await t.get("/paper/doi/10.48550/ARXIV.1609.05473");
    expect(viaDoi.headers.get("Location")).toBe("/paper/arxiv/1609.05473");
    const lookup = await t.get("/lookup?q=https%3A%2F%2Farxiv.org%2Fabs%2F1609.05473v1");
    expect(lookup.headers.get("Location")).toBe("/paper/arxiv/1609.05473");
  });

  it("answers unknown papers with a 404 page in the site's design", async () => {
    const res = await t.get("/paper/arxiv/2999.99999");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('class="site-header"');
    expect(html).toContain("Page not found");
    expect((await t.get("/paper?bibtexKey=conf/nips/Nobody99")).status).toBe(404);
    expect((await t.get("/paper")).status).toBe(400);
  });
});

describe("other pages", () => {
  it("summary permalink shows the summary and its paper", async () => {
    const id = await summaryIdOf("mkestrel", "1707.04585");
    const html = await t.html(`/summary/${id}`);
    expect(html).toContain("The Reversible Residual Network");
    expect(html).toContain("Marta Kestrel");
    expect((await t.get("/summary/abc")).status).toBe(400);
    expect((await t.get("/summary/999999")).status).toBe(404);
  });

  it("user profile lists the user's public summaries", async () => {
    const html = await t.html("/user/jsolberg");
    expect(html).toContain("Juniper Solberg");
    expect(html).toContain("SqueezeNet");
    expect(html).toContain("Adversarial Examples Are Not Bugs");
    expect((await t.get("/user/JSolberg")).headers.get("Location")).toBe("/user/jsolberg");
    expect((await t.get("/user/nobody-here")).status).toBe(404);
  });

  it("venues list and venue page with year tabs", async () => {
    const venues = await t.html("/venues");
    expect(venues).toContain('href="/venue/nips"');
    expect(venues).toContain("NeurIPS");
    const nips = await t.html("/venue/nips");
    expect(nips).toContain(">2019</a>");
    expect(nips).toContain(">2017</a>");
    expect(nips).toContain("Adversarial Examples Are Not Bugs");
    const y2017 = await t.html("/venue/nips?year=2017");
    expect(y2017).toContain("The Reversible Residual Network");
    expect(y2017).not.toContain("Adversarial Examples Are Not Bugs");
    expect((await t.get("/venue/nips?year=1850")).status).toBe(404);
    expect((await t.get("/venue/nips?year=20x")).status).toBe(400);
  });

  it("redirects the original site's URLs with 301", async () => {
    const cases: [string, string][] = [
      ["/user?name=mkestrel", "/user/mkestrel"],
      ["/venue?key=nips", "/venue/nips"],
      ["/venue?key=nips&year=2017", "/venue/nips?year=2017"],
    ];
    for (const [from, to] of cases) {
      const res = await t.get(from);
      expect(res.status, from).toBe(301);
      expect(res.headers.get("Location"), from).toBe(to);
    }
  });

  it("about page and health check", async () => {
    expect(await t.html("/about")).toContain("About ShortScience");
    const res = await t.get("/healthz");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      database: { reachable: boolean; dialect: string };
    };
    expect(body.status).toBe("ok");
    expect(body.database.reachable).toBe(true);
    expect(body.database.dialect).toBe(t.testDb.db.dialect);
  });

  it("serves KaTeX's CSS and fonts itself", async () => {
    const html = await t.html("/about");
    const href = /<link rel="stylesheet" href="(\/assets\/katex-[^"]+)"/.exec(html)?.[1];
    expect(href).toBeDefined();
    const css = await t.get(href ?? "");
    expect(css.status).toBe(200);
    const font = /url\((fonts\/KaTeX_Main-Regular\.woff2)\)/.exec(await css.text())?.[1];
    expect(font).toBeDefined();
    const fontRes = await t.get(href?.replace("katex.min.css", font ?? "") ?? "");
    expect(fontRes.status).toBe(200);
    expect(fontRes.headers.get("Content-Type")).toBe("font/woff2");
  });
});
