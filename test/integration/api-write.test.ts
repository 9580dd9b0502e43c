import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_SUMMARY_BODY_MAX_BYTES } from "../../src/core/limits";
import { apiClient, longText, tokenFor } from "../helpers/api-client";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Writes through /api/v1 with bearer tokens: summaries (create, revise, delete), votes and
// comments through the features' services, parallel where it matters; every answer validated
// against the OpenAPI document. SQLite, and PostgreSQL with TEST_DATABASE_URL.

let t: TestApp;
let api: Awaited<ReturnType<typeof apiClient>>;
beforeAll(async () => {
  t = await createTestApp();
  api = await apiClient(t);
});
afterAll(async () => {
  await t.close();
});

describe("summaries", () => {
  it("creates, revises and deletes through the site's rules, without a CSRF token", async () => {
    const paper = await makePaper(t.db);
    const acct = await makeAccount(t.db);
    const token = await tokenFor(t, acct.id);
    const path = `/api/v1/papers/${paper.id}/summaries`;

    const short = await api.call("POST", path, { token, body: { markdown: "Too short." } });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/at least 200 characters/);

    const made = await api.call("POST", path, { token, body: { markdown: longText("first") } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ paperId: paper.id, private: false, score: 0 });
    expect(made.body.author.username).toBe(acct.username);
    expect(made.body.html).toContain("katex");

    const again = await api.call("POST", path, { token, body: { markdown: longText("again") } });
    expect(again.status).toBe(409);

    const changed = await api.call("PATCH", `/api/v1/summaries/${made.body.id}`, {
      token,
      body: { anonymous: true, markdown: longText("second") },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.author).toBeNull();
    expect(changed.body.markdown).toContain("second");
    const revisions = await t.db
      .selectFrom("summary_revisions")
      .where("summary_id", "=", made.body.id)
      .select("id")
      .execute();
    expect(revisions).toHaveLength(2);

    const other = await tokenFor(t, (await makeAccount(t.db)).id);
    const foreign = await api.call("PATCH", `/api/v1/summaries/${made.body.id}`, {
      token: other,
      body: { markdown: longText("not mine") },
    });
    expect(foreign.status).toBe(403);
    expect(
      (await api.call("DELETE", `/api/v1/summaries/${made.body.id}`, { token: other })).status,
    ).toBe(403);

    const gone = await api.call("DELETE", `/api/v1/summaries/${made.body.id}`, { token });
    expect(gone.status).toBe(200);
    expect(gone.body.id).toBe(made.body.id);
    expect((await api.call("GET", `/api/v1/summaries/${made.body.id}`)).status).toBe(404);
    const row = await t.db
      .selectFrom("summaries")
      .select("deleted_at")
      .where("id", "=", made.body.id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
  });

  it("refuses math errors unless publishWithMathErrors is true", async () => {
    const paper = await makePaper(t.db);
    const token = await tokenFor(t, (await makeAccount(t.db)).id);
    const markdown = `${longText("math")} and a broken formula $\\frac{1}{$ here.`;
    const path = `/api/v1/papers/${paper.id}/summaries`;
    const refused = await api.call("POST", path, { token, body: { markdown } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/publishWithMathErrors/);
    const ok = await api.call("POST", path, {
      token,
      body: { markdown, publishWithMathErrors: true },
    });
    expect(ok.status).toBe(201);
  });

  it("makes one summary of parallel creates by one author", async () => {
    const paper = await makePaper(t.db);
    const token = await tokenFor(t, (await makeAccount(t.db)).id);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api.call("POST", `/api/v1/papers/${paper.id}/summaries`, {
          token,
          body: { markdown: longText(`parallel ${i}`) },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(5);
  });
});

describe("votes and comments", () => {
  it("counts parallel votes exactly, and withdraws with 0", async () => {
    const paper = await makePaper(t.db);
    const author = await makeUser(t.db);
    const s = await makeSummary(t.db, paper.id, author.id);
    const voters = await Promise.all(
      Array.from({ length: 8 }, async () => tokenFor(t, (await makeAccount(t.db)).id)),
    );
    const votes = await Promise.all(
      voters.map((token, i) =>
        api.call("PUT", `/api/v1/summaries/${s}/vote`, { token, body: { value: i < 6 ? 1 : -1 } }),
      ),
    );
    expect(votes.every((v) => v.status === 200)).toBe(true);
    const withdraw = await api.call("PUT", `/api/v1/summaries/${s}/vote`, {
      token: voters[0],
      body: { value: 0 },
    });
    expect(withdraw.body).toEqual({ score: 3, vote: 0 });
    const bad = await api.call("PUT", `/api/v1/summaries/${s}/vote`, {
      token: voters[0],
      body: { value: 2 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^value: /);
  });

  it("adds comments and replies", async () => {
    const paper = await makePaper(t.db);
    const s = await makeSummary(t.db, paper.id, (await makeUser(t.db)).id);
    const token = await tokenFor(t, (await makeAccount(t.db)).id);
    const path = `/api/v1/summaries/${s}/comments`;
    const top = await api.call("POST", path, { token, body: { markdown: "Nice, $a+b$." } });
    expect(top.status).toBe(201);
    expect(top.body.html).toContain("katex");
    const reply = await api.call("POST", path, {
      token,
      body: { markdown: "Agreed.", parentId: top.body.id },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.parentId).toBe(top.body.id);
    const unknownKey = await api.call("POST", path, { token, body: { markdown: "x", extra: 1 } });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.error.message).toMatch(/extra/);
  });
});

describe("the request's form", () => {
  it("refuses invalid JSON, other content types and bodies over the limit, in the error format", async () => {
    const token = await tokenFor(t, (await makeAccount(t.db)).id);
    const paper = await makePaper(t.db);
    const path = `/api/v1/papers/${paper.id}/summaries`;
    const broken = await api.call("POST", path, { token, body: "{nope" });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/not valid JSON/);
    const form = await api.call("POST", path, {
      token,
      body: "markdown=x",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(400);
    const huge = await api.call("POST", path, {
      token,
      body: JSON.stringify({ markdown: "x".repeat(API_SUMMARY_BODY_MAX_BYTES) }),
    });
    expect(huge.status).toBe(413);
    const missing = await api.call("POST", path, { token, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/^markdown: /);
  });

  it("never takes the session cookie for a write, even with the site's CSRF token", async () => {
    const { client } = await logInNewAccount(t);
    await client.get("/settings");
    const paper = await makePaper(t.db);
    const res = await t.fetch(
      new Request(`http://localhost/api/v1/papers/${paper.id}/summaries`, {
        method: "POST",
        headers: {
          Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
          "X-CSRF-Token": client.csrf() ?? "",
          Origin: "http://localhost",
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ markdown: longText("cookie") }),
      }),
    );
    await api.check("POST", `/api/v1/papers/${paper.id}/summaries`, res.clone());
    expect(res.status).toBe(401);
    expect(
      await t.db.selectFrom("summaries").where("paper_id", "=", paper.id).selectAll().execute(),
    ).toEqual([]);
  });
});
