import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { banUser } from "../../src/auth/admin.service";
import { RATE_LIMITS } from "../../src/core/limits";
import { hashToken } from "../../src/core/tokens";
import { apiClient, longText, tokenFor } from "../helpers/api-client";
import { makeAccount, makePaper } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Personal API tokens: made and revoked in Settings, shown once, hashed at rest, scoped; a
// banned or deleted account's tokens stop working; limits per token hold under a burst.
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

const tokenIn = (html: string) => /value="(ss_[A-Za-z0-9_-]{43})"/.exec(html)?.[1];

describe("tokens in Settings", () => {
  it("shows a new token once, keeps only its hash, lists it, and revokes it", async () => {
    const { acct, client } = await logInNewAccount(t);
    const made = await client.submit("/settings", "/settings/api-tokens", {
      name: "My extension",
      scope: "write",
    });
    expect(made.status).toBe(200);
    expect(made.headers.get("cache-control")).toMatch(/no-store/);
    const token = tokenIn(client.lastHtml);
    expect(token).toBeDefined();

    const rows = await t.db
      .selectFrom("api_tokens")
      .selectAll()
      .where("user_id", "=", acct.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(hashToken(token ?? ""));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]?.scope).toBe("write");

    const settings = await client.get("/settings");
    const html = await settings.text();
    expect(html).toContain("My extension");
    expect(html).not.toContain(token);

    const ok = await api.call("GET", "/api/v1/papers", { token });
    expect(ok.status).toBe(200);
    const used = await t.db
      .selectFrom("api_tokens")
      .select("last_used_at")
      .where("user_id", "=", acct.id)
      .executeTakeFirstOrThrow();
    expect(used.last_used_at).not.toBeNull();

    const id = rows[0]?.id ?? 0;
    const revoked = await client.submit("/settings", `/settings/api-tokens/${id}/revoke`, {});
    expect(revoked.status).toBe(303);
    const after = await api.call("GET", "/api/v1/papers", { token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("unauthorized");
  });

  it("refuses a token form without a name or with an unknown scope, keeping what was typed", async () => {
    const { client } = await logInNewAccount(t);
    const noName = await client.submit("/settings", "/settings/api-tokens", {
      name: " ",
      scope: "read",
    });
    expect(noName.status).toBe(400);
    const badScope = await client.submit("/settings", "/settings/api-tokens", {
      name: "Kept name",
      scope: "admin",
    });
    expect(badScope.status).toBe(400);
    expect(client.lastHtml).toContain("Kept name");
  });

  it("refuses revoking without the form token", async () => {
    const { acct, client } = await logInNewAccount(t);
    await tokenFor(t, acct.id);
    const row = await t.db
      .selectFrom("api_tokens")
      .select("id")
      .where("user_id", "=", acct.id)
      .executeTakeFirstOrThrow();
    const res = await client.post(`/settings/api-tokens/${row.id}/revoke`, { _csrf: "wrong" });
    expect(res.status).toBe(403);
    const still = await t.db
      .selectFrom("api_tokens")
      .select("revoked_at")
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(still.revoked_at).toBeNull();
  });
});

describe("what a token may do", () => {
  it("a read token reads but can't write (403)", async () => {
    const acct = await makeAccount(t.db);
    const paper = await makePaper(t.db);
    const token = await tokenFor(t, acct.id, "read");
    const res = await api.call("POST", `/api/v1/papers/${paper.id}/summaries`, {
      token,
      body: { markdown: longText("read") },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/read-only/);
  });

  it("an unconfirmed account's write token can't write (403)", async () => {
    const acct = await makeAccount(t.db, { verified: false });
    const paper = await makePaper(t.db);
    const res = await api.call("POST", `/api/v1/papers/${paper.id}/summaries`, {
      token: await tokenFor(t, acct.id),
      body: { markdown: longText("unconfirmed") },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Confirm your e-mail/);
  });

  it("a banned or deleted account's tokens stop working (401)", async () => {
    const banned = await makeAccount(t.db);
    const bannedToken = await tokenFor(t, banned.id, "read");
    expect((await api.call("GET", "/api/v1/papers", { token: bannedToken })).status).toBe(200);
    await banUser(t.db, banned.username);
    expect((await api.call("GET", "/api/v1/papers", { token: bannedToken })).status).toBe(401);

    const deleted = await makeAccount(t.db);
    const deletedToken = await tokenFor(t, deleted.id);
    await t.db
      .updateTable("users")
      .set({ deleted_at: new Date().toISOString() })
      .where("id", "=", deleted.id)
      .execute();
    expect((await api.call("GET", "/api/v1/papers", { token: deletedToken })).status).toBe(401);
  });
});

describe("rate limits per token", () => {
  it("refuses exactly the requests past the limit in a parallel burst", async () => {
    const acct = await makeAccount(t.db);
    const token = await tokenFor(t, acct.id, "read");
    const row = await t.db
      .selectFrom("api_tokens")
      .select("id")
      .where("token_hash", "=", hashToken(token))
      .executeTakeFirstOrThrow();
    const { max, windowMs } = RATE_LIMITS.apiReadPerToken;
    // Fill the window up to 10 below the limit, then send 30 at once: 20 are refused, unless
    // the window turned meanwhile (then the new one counts from zero): retry once.
    for (let attempt = 0; attempt < 2; attempt++) {
      const windowStart = Math.floor(Date.now() / windowMs) * windowMs;
      await t.db
        .insertInto("rate_limits")
        .values({ bucket: `apiReadPerToken:${row.id}`, window_start: windowStart, hits: max - 10 })
        .onConflict((oc) => oc.columns(["bucket", "window_start"]).doUpdateSet({ hits: max - 10 }))
        .execute();
      const results = await Promise.all(
        Array.from({ length: 30 }, () => api.call("GET", "/api/v1/papers?limit=1", { token })),
      );
      if (Math.floor(Date.now() / windowMs) * windowMs !== windowStart) continue;
      const refused = results.filter((r) => r.status === 429);
      expect(results.filter((r) => r.status === 200)).toHaveLength(10);
      expect(refused).toHaveLength(20);
      expect(Number(refused[0]?.headers.get("retry-after"))).toBeGreaterThan(0);
      return;
    }
    throw new Error("the rate-limit window turned twice during the test");
  });
});
