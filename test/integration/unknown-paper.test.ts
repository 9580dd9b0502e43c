import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fixture,
  type ReplayServer,
  routes,
  startReplayServer,
} from "../fixtures/metadata/harness";
import type { TestClient } from "../helpers/client";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { createTestApp, type TestApp } from "../helpers/test-app";

// A `\cite{…}` of a paper the site does not have: the reader gets a page that says so, with
// the identifier, a link to the paper at its source and, for a confirmed user, "Add it".

let t: TestApp;
let arxiv: ReplayServer;

beforeAll(async () => {
  arxiv = await startReplayServer(
    routes([
      [
        /id_list=1706\.99999/,
        {
          body: fixture("arxiv_tex_title.xml"),
          headers: { "content-type": "application/atom+xml" },
        },
      ],
      [
        /./,
        { body: fixture("arxiv_empty.xml"), headers: { "content-type": "application/atom+xml" } },
      ],
    ]),
  );
  t = await createTestApp({ metadataEndpoints: { arxiv: `${arxiv.baseUrl}/api/query` } });
});
afterAll(async () => {
  await t.close();
  await arxiv.close();
});

/** The href of the summary's \cite link to `key`, read from the summary's page. */
async function citeHref(key: string): Promise<string> {
  const paper = await makePaper(t.db);
  const user = await makeUser(t.db);
  const id = await makeSummary(t.db, paper.id, user.id, {
    source: `This builds on \\cite{${key}}, which is worth reading first for the background.`,
  });
  const html = await t.html(`/summary/${id}`);
  const href = /<a class="cite" href="([^"]+)"/.exec(html)?.[1];
  expect(href).toBeDefined();
  return (href ?? "").replaceAll("&amp;", "&");
}

/** Follows redirects from `path` (as a browser would) and returns the last response. */
async function follow(client: TestClient | TestApp, path: string): Promise<Response> {
  let res = await client.get(path);
  for (let hops = 0; hops < 5 && res.status >= 300 && res.status < 400; hops++) {
    res = await client.get(res.headers.get("Location") ?? "/");
  }
  return res;
}

describe("a \\cite of a paper not on the site", () => {
  it("leads the reader to a page that explains it, not to the add-paper form", async () => {
    const href = await citeHref("1706.99999");
    const lookup = await t.get(href);
    expect(lookup.status).toBe(302);
    expect(lookup.headers.get("Location")).toBe("/paper/arxiv/1706.99999");
    const res = await t.get("/paper/arxiv/1706.99999");
    // Not a page of the site's own: search engines are told so, readers get the explanation.
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("<h1>This paper isn&#39;t on ShortScience yet</h1>");
    expect(html).toContain('<strong class="paper-identifier">1706.99999</strong>');
    expect(html).toContain('href="https://arxiv.org/abs/1706.99999"');
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    // Logged out: no button, a login that comes back here.
    expect(html).not.toContain('action="/papers"');
    expect(html).toContain(`href="/login?next=${encodeURIComponent("/paper/arxiv/1706.99999")}"`);
    const report = await new HtmlValidate({ extends: ["html-validate:standard"] }).validateString(
      html,
    );
    expect(report.results.flatMap((r) => r.messages.map((m) => m.message))).toEqual([]);
  });

  it("names DOIs, PubMed ids and old arXiv ids with their sources", async () => {
    for (const [key, path, source] of [
      ["10.1234/ABC.5", "/paper/doi/10.1234/abc.5", "https://doi.org/10.1234/abc.5"],
      ["pmid:123456", "/paper/pmid/123456", "https://pubmed.ncbi.nlm.nih.gov/123456/"],
      ["hep-th/9901001", "/paper/arxiv/hep-th/9901001", "https://arxiv.org/abs/hep-th/9901001"],
      ["arXiv:1801.07777v2", "/paper/arxiv/1801.07777v2", "https://arxiv.org/abs/1801.07777v2"],
    ] as const) {
      const lookup = await t.get(`/lookup?q=${encodeURIComponent(key)}`);
      expect(lookup.headers.get("Location"), key).toBe(path);
      const res = await t.get(path);
      expect(res.status, key).toBe(404);
      expect(await res.text(), key).toContain(`href="${source}"`);
    }
  });

  it("escapes what the address says, and is a plain 404 for what is no identifier", async () => {
    const hostile = "/paper/doi/10.1234/%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    const res = await t.get(hostile);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).not.toContain("<script>alert");
    expect(html).toContain(
      '<strong class="paper-identifier">10.1234/&lt;script&gt;alert(1)&lt;/script</strong>',
    );
    for (const path of ["/paper/id/99999999", "/paper/nope/1706.99999", "/paper/arxiv/not-an-id"]) {
      const plain = await t.get(path);
      expect(plain.status, path).toBe(404);
      expect(await plain.text(), path).not.toContain("on ShortScience yet");
    }
  });

  it("asks an unconfirmed user to confirm first", async () => {
    const { client } = await logInNewAccount(t, { verified: false });
    const res = await client.get("/paper/arxiv/1706.99998");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("Confirm your e-mail address to add it");
    expect(html).not.toContain('action="/papers"');
  });

  it("gives a confirmed user 'Add it', which adds the paper; readers then get its page", async () => {
    // Read once logged out first: a cached explanation must not outlive the paper's arrival.
    expect((await t.get("/paper/arxiv/1706.99999")).status).toBe(404);
    const users = await Promise.all([logInNewAccount(t), logInNewAccount(t)]);
    const pages = await Promise.all(users.map((u) => u.client.get("/paper/arxiv/1706.99999")));
    for (const page of pages) {
      const html = await page.text();
      expect(html).toContain('<form method="post" action="/papers">');
      expect(html).toContain('name="identifier" value="1706.99999"');
      expect(html).toContain(">Add it</button>");
    }
    // Both click at once: one paper.
    const added = await Promise.all(
      users.map(async ({ client }) => {
        const started = await client.post("/papers", { identifier: "1706.99999" });
        expect(started.status).toBe(303);
        return follow(client, started.headers.get("Location") ?? "/");
      }),
    );
    for (const res of added) expect(res.status).toBe(200);
    const rows = await t.db
      .selectFrom("paper_identifiers")
      .select("paper_id")
      .where("scheme", "=", "arxiv")
      .where("value", "=", "1706.99999")
      .execute();
    expect(rows).toHaveLength(1);
    const now = await t.get("/paper/arxiv/1706.99999");
    expect(now.status).toBe(200);
    expect(await now.text()).not.toContain("on ShortScience yet");
  });

  it("a \\cite of a paper the site has still goes straight to it", async () => {
    const known = await makePaper(t.db, { arxiv: "1801.00042" });
    const res = await t.get(await citeHref("1801.00042"));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/paper/arxiv/${known.arxiv}`);
  });
});
