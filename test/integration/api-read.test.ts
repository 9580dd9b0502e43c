import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addComment } from "../../src/comments/comments.service";
import { getProfile } from "../../src/users/users.service";
import { apiClient, tokenFor } from "../helpers/api-client";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp, testRender } from "../helpers/test-app";

// Every read endpoint of /api/v1 and the conventions (errors, CORS, cursors), each answer
// validated against the generated OpenAPI document (test/helpers/openapi-check.ts).
// SQLite, and PostgreSQL with TEST_DATABASE_URL.

let t: TestApp;
let api: Awaited<ReturnType<typeof apiClient>>;
beforeAll(async () => {
  t = await createTestApp();
  api = await apiClient(t);
});
afterAll(async () => {
  await t.close();
});

describe("the OpenAPI document and the docs page", () => {
  it("serves an OpenAPI 3.1 document (validated in apiClient) that lists every endpoint", () => {
    expect(api.doc.openapi).toBe("3.1.0");
    expect(Object.keys(api.doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/papers",
        "/api/v1/papers/{id}",
        "/api/v1/papers/search",
        "/api/v1/papers/by-identifier",
        "/api/v1/papers/{id}/summaries",
        "/api/v1/summaries/{id}",
        "/api/v1/summaries/{id}/vote",
        "/api/v1/summaries/{id}/comments",
        "/api/v1/users/{username}",
        "/api/v1/users/{username}/summaries",
        "/api/v1/lookup",
      ]),
    );
  });

  it("has a readable /api page linking the document, listing the endpoints from it", async () => {
    const html = await t.html("/api");
    expect(html).toContain('href="/api/openapi.json"');
    for (const path of Object.keys(api.doc.paths)) expect(html).toContain(path);
    expect(html).toMatch(/Rate limits/);
  });
});

describe("reads", () => {
  it("papers: by id, by any identifier or URL, newest first, and lookup with top summaries", async () => {
    await makePaper(t.db);
    const paper = await makePaper(t.db, { arxiv: "1706.03762", title: "Attention is all" });
    const a = await makeUser(t.db);
    const b = await makeUser(t.db);
    const c = await makeUser(t.db);
    const d = await makeUser(t.db);
    const ids = [];
    for (const u of [a, b, c, d]) ids.push(await makeSummary(t.db, paper.id, u.id));
    await t.db
      .updateTable("summaries")
      .set({ score: 5 })
      .where("id", "=", ids[2] ?? 0)
      .execute();

    const one = await api.call("GET", `/api/v1/papers/${paper.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: paper.id,
      arxivId: "1706.03762",
      title: "Attention is all",
    });
    expect(one.body.url).toBe("http://localhost/paper/arxiv/1706.03762");

    for (const id of ["arxiv:1706.03762", "1706.03762", "https://arxiv.org/pdf/1706.03762v5"]) {
      const r = await api.call("GET", `/api/v1/papers/by-identifier?id=${encodeURIComponent(id)}`);
      expect(r.status, id).toBe(200);
      expect(r.body.id).toBe(paper.id);
    }
    const list = await api.call("GET", "/api/v1/papers?limit=1");
    expect(list.body.items[0].id).toBe(paper.id);
    expect(list.body.next).toEqual(expect.any(String));

    for (const url of [
      "https://arxiv.org/abs/1706.03762v5",
      "https://arxiv.org/pdf/1706.03762",
      "http://export.arxiv.org/abs/1706.03762v1",
    ]) {
      const r = await api.call("GET", `/api/v1/lookup?url=${encodeURIComponent(url)}`);
      expect(r.status, url).toBe(200);
      expect(r.body.paper.id).toBe(paper.id);
      expect(r.body.summaries).toHaveLength(3);
      expect(r.body.summaries[0].id).toBe(ids[2]);
    }
    const missing = await api.call(
      "GET",
      "/api/v1/lookup?url=https://doi.org/10.9999/nothing.here",
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/not on ShortScience/);
    const nonsense = await api.call("GET", "/api/v1/lookup?url=https://example.org/");
    expect(nonsense.status).toBe(404);
    expect(nonsense.body.error.message).toMatch(/No paper identifier/);
  });

  it("search answers pages of papers", async () => {
    await makePaper(t.db, { title: "Zebrafish locomotion under strobe light" });
    const r = await api.call("GET", "/api/v1/papers/search?q=zebrafish");
    expect(r.status).toBe(200);
    expect(r.body.items.map((p: { title: string }) => p.title)).toContain(
      "Zebrafish locomotion under strobe light",
    );
    expect((await api.call("GET", "/api/v1/papers/search?q=")).status).toBe(400);
  });

  it("shows only listed summaries; anonymous ones without author; private ones only to their author's token", async () => {
    const paper = await makePaper(t.db);
    const owner = await makeAccount(t.db);
    const other = await makeAccount(t.db);
    const anon = await makeUser(t.db);
    const priv = await makeSummary(t.db, paper.id, owner.id, { isPrivate: true });
    const anonymous = await makeSummary(t.db, paper.id, anon.id, { isAnonymous: true });
    const hidden = await makeSummary(t.db, paper.id, other.id);
    await t.db
      .updateTable("summaries")
      .set({ hidden_at: new Date().toISOString() })
      .where("id", "=", hidden)
      .execute();

    const list = await api.call("GET", `/api/v1/papers/${paper.id}/summaries`);
    expect(list.body.items.map((s: { id: number }) => s.id)).toEqual([anonymous]);
    expect(list.body.items[0].author).toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(anon.username);

    expect((await api.call("GET", `/api/v1/summaries/${priv}`)).status).toBe(404);
    expect((await api.call("GET", `/api/v1/summaries/${hidden}`)).status).toBe(404);
    const mine = await api.call("GET", `/api/v1/summaries/${priv}`, {
      token: await tokenFor(t, owner.id, "read"),
    });
    expect(mine.status).toBe(200);
    expect(mine.body.private).toBe(true);
    expect(mine.headers.get("cache-control")).toBe("private, no-store");
    const theirs = await api.call("GET", `/api/v1/summaries/${priv}`, {
      token: await tokenFor(t, other.id, "read"),
    });
    expect(theirs.status).toBe(404);

    const profile = await api.call("GET", `/api/v1/users/${anon.username}`);
    expect(profile.status).toBe(200);
    const signed = await api.call("GET", `/api/v1/users/${anon.username}/summaries`);
    expect(signed.body.items).toEqual([]);
    expect((await api.call("GET", "/api/v1/users/nobody_at_all")).status).toBe(404);
  });

  it("a user with summaries: the profile answer is the profile page's header, no cards read", async () => {
    const u = await makeUser(t.db, { bio: "I study *graphs*." });
    for (let i = 0; i < 3; i++) await makeSummary(t.db, (await makePaper(t.db)).id, u.id);
    await makeSummary(t.db, (await makePaper(t.db)).id, u.id, { isPrivate: true });
    await makeSummary(t.db, (await makePaper(t.db)).id, u.id, { isAnonymous: true });
    // The profile page's header (its first page of cards aside) is the API's answer.
    const page = await getProfile(t.db, u.username);
    expect(page.summaries.length).toBe(3);
    const r = await api.call("GET", `/api/v1/users/${u.username}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      username: u.username,
      displayName: page.displayName,
      url: `http://localhost/user/${u.username}`,
      bioHtml: page.bioHtml,
      orcid: null,
      memberSince: page.memberSince,
      reputation: page.reputation,
    });
    expect(r.body.bioHtml).toContain("<em>graphs</em>");
  });

  it("lists a summary's comments and replies, oldest first", async () => {
    const paper = await makePaper(t.db);
    const u = await makeUser(t.db);
    const s = await makeSummary(t.db, paper.id, u.id);
    const c1 = await addComment(t.db, testRender, { summaryId: s, userId: u.id, source: "First" });
    const c2 = await addComment(t.db, testRender, {
      summaryId: s,
      userId: u.id,
      source: "A reply",
      parentId: c1,
    });
    const r = await api.call("GET", `/api/v1/summaries/${s}/comments`);
    expect(
      r.body.items.map((c: { id: number; parentId: number | null }) => [c.id, c.parentId]),
    ).toEqual([
      [c1, null],
      [c2, c1],
    ]);
  });
});

describe("conventions", () => {
  it("answers every error in the one format: unknown path, wrong method, bad parameters, bad cursor", async () => {
    const unknown = await api.call("GET", "/api/v1/nothing/here");
    expect(unknown.status).toBe(404);
    const wrong = await api.call("DELETE", "/api/v1/papers");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
    const badId = await api.call("GET", "/api/v1/papers/abc");
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toMatch(/^id: /);
    const tooMany = await api.call("GET", "/api/v1/papers?limit=1000");
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/^limit: /);
    const cursor = await api.call("GET", "/api/v1/papers?cursor=bm9wZQ");
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.message).toMatch(/^cursor: /);
    const badToken = await api.call("GET", "/api/v1/papers", { token: "ss_not-a-real-token" });
    expect(badToken.status).toBe(401);
    const outside = await t.get("/api/v2/papers");
    expect(outside.status).toBe(404);
    expect(await outside.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("sends CORS headers on reads and answers preflights, without credentials", async () => {
    const r = await api.raw("GET", "/api/v1/papers", {
      headers: { Origin: "https://example.org" },
    });
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    expect(r.headers.get("access-control-allow-credentials")).toBeNull();
    const pre = await api.raw("OPTIONS", "/api/v1/summaries/1/vote", {
      headers: {
        Origin: "https://example.org",
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization, content-type",
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(pre.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "authorization",
    );
    const doc = await t.get("/api/openapi.json");
    expect(doc.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("walks every row exactly once with cursors while rows are added between pages", async () => {
    const paper = await makePaper(t.db);
    const before = [];
    for (let i = 0; i < 23; i++) {
      const u = await makeUser(t.db);
      before.push(await makeSummary(t.db, paper.id, u.id));
    }
    // Ties in score are broken by id, so equal scores can't repeat or skip an item.
    await t.db
      .updateTable("summaries")
      .set({ score: 2 })
      .where("id", "in", before.slice(0, 9))
      .execute();
    const paperIdsBefore = (await t.db.selectFrom("papers").select("id").execute()).map(
      (p) => p.id,
    );
    const seen: number[] = [];
    const papersSeen: number[] = [];
    // Both walks step together, each page fetched while new rows are inserted.
    let next: string | null | undefined;
    let paperNext: string | null | undefined;
    while (next !== null || paperNext !== null) {
      const [page, papers] = await Promise.all([
        next === null
          ? null
          : api.call(
              "GET",
              `/api/v1/papers/${paper.id}/summaries?limit=5${next ? `&cursor=${next}` : ""}`,
            ),
        paperNext === null
          ? null
          : api.call("GET", `/api/v1/papers?limit=7${paperNext ? `&cursor=${paperNext}` : ""}`),
        makeUser(t.db).then((u) => makeSummary(t.db, paper.id, u.id)),
        makePaper(t.db),
      ]);
      if (page) {
        seen.push(...page.body.items.map((s: { id: number }) => s.id));
        next = page.body.next;
      }
      if (papers) {
        papersSeen.push(...papers.body.items.map((p: { id: number }) => p.id));
        paperNext = papers.body.next;
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before) expect(seen.filter((s) => s === id)).toHaveLength(1);
    expect(new Set(papersSeen).size).toBe(papersSeen.length);
    for (const id of paperIdsBefore) expect(papersSeen.filter((p) => p === id)).toHaveLength(1);
  });
});
