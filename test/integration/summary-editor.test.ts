import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATE_LIMITS, SUMMARY_MIN_CHARS } from "../../src/core/limits";
import { createClient, type TestClient } from "../helpers/client";
import { makePaper, makeSummary } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { createTestApp, type TestApp } from "../helpers/test-app";

// The editor page (/paper/…/write), its server preview, the 200-character rule and the
// second click that publishing with math errors needs (issue 10, point 2). Runs on SQLite,
// and on PostgreSQL with TEST_DATABASE_URL.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Long enough to publish: the rule is about length, not content. */
const LONG = `${"This paper trains a reversible network and recomputes activations. ".repeat(4)}`;
const WITH_ERROR = `${LONG}It fails on $\\frac{n}{$ but not on $x^2$.`;

const loggedIn = (verified = true) => logInNewAccount(t, { verified });

const summaryRows = (paperId: number) =>
  t.db.selectFrom("summaries").selectAll().where("paper_id", "=", paperId).execute();

function textareaOf(html: string): string {
  const m = /<textarea[^>]*name="source"[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
  if (!m) throw new Error("no textarea");
  return m[1] ?? "";
}

async function publish(client: TestClient, paperId: number, source: string, extra = {}) {
  return client.post("/summaries", { paperId: String(paperId), source, ...extra });
}

describe("the editor page, /paper/…/write", () => {
  it("logged out: says to log in, with a way back to the editor; no form", async () => {
    const paper = await makePaper(t.db);
    const res = await createClient(t).get(`/paper/arxiv/${paper.arxiv}/write`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const html = await res.text();
    const next = encodeURIComponent(`/paper/arxiv/${paper.arxiv}/write`);
    expect(html).toContain(`href="/login?next=${next}"`);
    expect(html).not.toContain("<textarea");
  });

  it("unconfirmed address: says to confirm it; no form and no scripts", async () => {
    const paper = await makePaper(t.db);
    const { client } = await loggedIn(false);
    const html = await (await client.get(`/paper/arxiv/${paper.arxiv}/write`)).text();
    expect(html).toContain("Confirm your e-mail address to publish");
    expect(html).not.toContain("<textarea");
    expect(html).not.toContain("/assets/editor.js");
  });

  it("confirmed: the form, the preview pane, the help panel and the scripts (CSP 'self')", async () => {
    const paper = await makePaper(t.db);
    const { acct, client } = await loggedIn();
    const res = await client.get(`/paper/arxiv/${paper.arxiv}/write`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain("<h1>Write a summary</h1>");
    expect(textareaOf(html)).toBe("");
    expect(html).toContain(`data-draft-key="shortscience:draft:paper:${paper.id}:user:${acct.id}"`);
    expect(html).toContain('id="preview-body"');
    expect(html).toContain('href="/help/writing"');
    expect(html).toContain("\\cite{");
    expect(html).toMatch(/<script src="\/assets\/editor\.js\?v=[\w-]+" defer/);
    // No inline script or handler anywhere on the page.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\son[a-z]+=/);
  });

  it("an author's own summary is loaded for editing; a non-canonical path redirects", async () => {
    const paper = await makePaper(t.db, { arxiv: "1707.04585" });
    const { acct, client } = await loggedIn();
    await makeSummary(t.db, paper.id, acct.id, { source: `${LONG} & mine` });
    const moved = await client.get("/paper/arxiv/arXiv:1707.04585/write");
    expect(moved.status).toBe(301);
    expect(moved.headers.get("Location")).toBe("/paper/arxiv/1707.04585/write");
    const html = await (await client.get("/paper/arxiv/1707.04585/write")).text();
    expect(html).toContain("<h1>Edit your summary</h1>");
    expect(textareaOf(html)).toBe(`${LONG} &amp; mine`);
    expect((await client.get("/paper/arxiv/2999.99999/write")).status).toBe(404);
  });
});

describe("the paper page's way to the editor", () => {
  it("a button for confirmed users (Add or Edit), and what to do for the others", async () => {
    const paper = await makePaper(t.db);
    const path = `/paper/arxiv/${paper.arxiv}`;
    const anon = await t.html(path);
    expect(anon).toContain(`href="/login?next=${encodeURIComponent(`${path}/write`)}"`);
    const unconfirmed = (await loggedIn(false)).client;
    expect(await (await unconfirmed.get(path)).text()).toContain(
      "Confirm your e-mail address to add a summary",
    );
    const { acct, client } = await loggedIn();
    const before = await (await client.get(path)).text();
    expect(before).toContain(`<a class="button" href="${path}/write">Add a summary</a>`);
    await makeSummary(t.db, paper.id, acct.id, { source: LONG });
    const after = await (await client.get(path)).text();
    expect(after).toContain(`<a class="button" href="${path}/write">Edit your summary</a>`);
  });
});

describe("Preview without JavaScript", () => {
  it("renders on the server and keeps the text; stores nothing; not cached", async () => {
    const paper = await makePaper(t.db);
    const { client } = await loggedIn();
    await client.get(`/paper/arxiv/${paper.arxiv}/write`);
    const source = "Short is fine for a preview: $x^2$ and <b>bold</b> <script>x()</script>";
    const res = await client.post("/summaries", {
      paperId: String(paper.id),
      source,
      intent: "preview",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const html = await res.text();
    const preview = /id="preview-body"[^>]*>([\s\S]*?)<\/div>\s*<\/section>/.exec(html)?.[1] ?? "";
    expect(preview).toContain('class="katex"');
    expect(preview).toContain("<b>bold</b>");
    expect(preview).not.toContain("<script");
    expect(textareaOf(html)).toBe(
      "Short is fine for a preview: $x^2$ and &lt;b&gt;bold&lt;/b&gt; &lt;script&gt;x()&lt;/script&gt;",
    );
    expect(html).toContain("data-unsaved");
    expect(await summaryRows(paper.id)).toHaveLength(0);
  });

  it("lists math errors with KaTeX's message", async () => {
    const paper = await makePaper(t.db);
    const { client } = await loggedIn();
    await client.get(`/paper/arxiv/${paper.arxiv}/write`);
    const res = await publish(client, paper.id, "Broken: $\\frac{n}{$", { intent: "preview" });
    const html = await res.text();
    expect(html).toContain("1 formula has an error:");
    expect(html).toContain("Unexpected end of input");
    expect(html).toContain("<code>$\\frac{n}{$</code>");
  });

  it("is rate-limited per user: a parallel burst gets exactly the limit through", async () => {
    const paper = await makePaper(t.db);
    const { client } = await loggedIn();
    await client.get(`/paper/arxiv/${paper.arxiv}/write`);
    const max = RATE_LIMITS.summaryPreviewPerUser.max;
    const statuses = await Promise.all(
      Array.from({ length: max + 5 }, (_, i) =>
        publish(client, paper.id, `Preview ${i} $x_${i}$`, { intent: "preview" }).then(
          (r) => r.status,
        ),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(max);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });
});

describe(`a summary needs ${SUMMARY_MIN_CHARS} characters`, () => {
  it("refuses a short one with a clear message, keeps the text, stores nothing (in parallel)", async () => {
    const paper = await makePaper(t.db);
    const { client } = await loggedIn();
    await client.get(`/paper/arxiv/${paper.arxiv}/write`);
    const results = await Promise.all(
      ["ok", "x".repeat(SUMMARY_MIN_CHARS - 1), `  ${"é".repeat(SUMMARY_MIN_CHARS - 1)}  `].map(
        async (source) => {
          const res = await publish(client, paper.id, source);
          return { status: res.status, html: await res.text(), source };
        },
      ),
    );
    for (const r of results) {
      expect(r.status).toBe(400);
      expect(r.html).toContain(`A summary needs at least ${SUMMARY_MIN_CHARS} characters`);
      expect(textareaOf(r.html)).toBe(r.source);
    }
    expect(results[0]?.html).toContain("yours has 2.");
    expect(await summaryRows(paper.id)).toHaveLength(0);
    // Exactly the minimum, counted in characters (é is one): published.
    const ok = await publish(client, paper.id, "é".repeat(SUMMARY_MIN_CHARS));
    expect(ok.status).toBe(303);
  });

  it("a short revision leaves the stored summary as it was", async () => {
    const paper = await makePaper(t.db);
    const { acct, client } = await loggedIn();
    await makeSummary(t.db, paper.id, acct.id, { source: LONG });
    await client.get(`/paper/arxiv/${paper.arxiv}/write`);
    expect((await publish(client, paper.id, "too short")).status).toBe(400);
    const [row] = await summaryRows(paper.id);
    expect(row?.source).toBe(LONG);
  });
});

describe("publishing with math errors needs a second, explicit click", () => {
  it("lists the errors, then publishes only with the confirmation of those errors", async () => {
    const paper = await makePaper(t.db);
    const { client } = await loggedIn();
    await client.get(`/paper/arxiv/${paper.arxiv}/write`);
    const first = await publish(client, paper.id, WITH_ERROR);
    expect(first.status).toBe(422);
    const html = await first.text();
    expect(html).toContain("One formula has an error");
    expect(html).toContain("Unexpected end of input");
    expect(textareaOf(html)).toBe(WITH_ERROR.replaceAll("&", "&amp;"));
    const token = /name="publishWithErrors" value="([^"]+)"/.exec(html)?.[1];
    expect(token).toMatch(/^[\w-]{22}$/);
    expect(await summaryRows(paper.id)).toHaveLength(0);

    // A confirmation of other errors (the text changed meanwhile) asks again.
    const other = `${LONG} Now $\\sqrt{$ is broken.`;
    expect(
      (await publish(client, paper.id, other, { publishWithErrors: token ?? "" })).status,
    ).toBe(422);
    expect((await publish(client, paper.id, WITH_ERROR, { publishWithErrors: "1" })).status).toBe(
      422,
    );
    expect(await summaryRows(paper.id)).toHaveLength(0);

    const second = await publish(client, paper.id, WITH_ERROR, { publishWithErrors: token ?? "" });
    expect(second.status).toBe(303);
    const rows = await summaryRows(paper.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.math_errors).toBe(1);
  });

  it("parallel confirmed publishes of a first summary store one", async () => {
    const paper = await makePaper(t.db);
    const { client } = await loggedIn();
    await client.get(`/paper/arxiv/${paper.arxiv}/write`);
    const html = await (await publish(client, paper.id, WITH_ERROR)).text();
    const token = /name="publishWithErrors" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const statuses = await Promise.all(
      Array.from({ length: 4 }, () =>
        publish(client, paper.id, WITH_ERROR, { publishWithErrors: token }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 303).length).toBeGreaterThanOrEqual(1);
    expect(
      statuses.every((s) => s === 303 || s === 409),
      String(statuses),
    ).toBe(true);
    expect(await summaryRows(paper.id)).toHaveLength(1);
  });
});

describe("the editor's pages are valid HTML5", () => {
  const validator = new HtmlValidate({
    extends: ["html-validate:standard"],
    // As in html-valid.test.ts: KaTeX's inline styles and MathML.
    rules: { "no-inline-style": "off", "unrecognized-char-ref": "off" },
  });
  const problems = async (html: string) =>
    (await validator.validateString(html)).results.flatMap((r) =>
      r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line}:${m.column})`),
    );

  it("blank, with a preview, and with math errors to confirm", async () => {
    const paper = await makePaper(t.db);
    const { client } = await loggedIn();
    const blank = await (await client.get(`/paper/arxiv/${paper.arxiv}/write`)).text();
    expect(await problems(blank)).toEqual([]);
    const preview = await publish(client, paper.id, WITH_ERROR, { intent: "preview" });
    expect(await problems(await preview.text())).toEqual([]);
    const confirm = await publish(client, paper.id, WITH_ERROR);
    expect(confirm.status).toBe(422);
    expect(await problems(await confirm.text())).toEqual([]);
    const anon = await (await createClient(t).get(`/paper/arxiv/${paper.arxiv}/write`)).text();
    expect(await problems(anon)).toEqual([]);
  });
});
