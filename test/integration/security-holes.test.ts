import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../helpers/client";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

// One test per hole of the original ShortScience (see ../shared/docs/product.md).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const MD5_OF_EMPTY = "d41d8cd98f00b204e9800998ecf8427e";

describe("holes of the original, closed", () => {
  it("recovery and confirmation links with an empty, missing or md5('') secret do nothing", async () => {
    const acct = await makeAccount(t.db, { verified: false });
    const before = await t.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", acct.id)
      .executeTakeFirstOrThrow();
    const client = createClient(t);
    await client.get("/reset");
    for (const path of [
      "/reset/",
      `/reset/${MD5_OF_EMPTY}`,
      "/reset/%20",
      "/verify/",
      `/verify/${MD5_OF_EMPTY}`,
      "/verify/undefined",
    ]) {
      const get = await client.get(path);
      expect([400, 404], path).toContain(get.status);
      const post = await client.post(path, { password: "an attacker's new password" });
      expect([400, 404], path).toContain(post.status);
      expect(client.cookies.has("ss_session"), path).toBe(false);
    }
    const after = await t.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", acct.id)
      .executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
    expect(after.email_verified_at).toBeNull();
    expect(
      await t.db.selectFrom("sessions").select("id").where("user_id", "=", acct.id).execute(),
    ).toEqual([]);
  });

  it("stores argon2id hashes, never MD5, and the session cookie is not the password hash", async () => {
    const acct = await makeAccount(t.db);
    const client = createClient(t);
    await client.submit("/login", "/login", { login: acct.username, password: acct.password });
    const row = await t.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", acct.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    // The cookie is a 256-bit random token, and the database keeps only its SHA-256.
    const cookie = client.cookies.get("ss_session") ?? "";
    expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const sessions = await t.db
      .selectFrom("sessions")
      .select("token_hash")
      .where("user_id", "=", acct.id)
      .execute();
    expect(sessions.map((s) => s.token_hash)).toEqual([
      createHash("sha256").update(cookie).digest("hex"),
    ]);
  });

  it("the failed-login page never contains the submitted password", async () => {
    const secret = "<b>Tr0ub4dor&3-secret</b>";
    const res = await createClient(t).submit("/login", "/login", {
      login: "someone",
      password: secret,
    });
    const html = await res.text();
    expect(html).not.toContain(secret);
    expect(html).not.toContain("Tr0ub4dor");
  });

  it("display name and bio with HTML stay text everywhere, attributes and tooltips included", async () => {
    const evil = `"><img src=x onerror=alert(1)><script>alert(2)</script>`;
    const user = await makeUser(t.db, {
      username: "html_person",
      displayName: evil,
      bio: `Bio ${evil}`,
    });
    const paper = await makePaper(t.db);
    const summaryId = await makeSummary(t.db, paper.id, user.id);
    for (const path of [
      `/user/html_person`,
      `/paper/arxiv/${paper.arxiv}`,
      `/summary/${summaryId}`,
      "/recent",
    ]) {
      const html = await t.html(path);
      expect(html, path).not.toContain("<img src=x");
      expect(html, path).not.toContain("<script>alert");
      expect(html, path).toContain("&lt;img src=x onerror=alert(1)&gt;");
      expect(html, path).not.toMatch(/title="[^"]*"><img/);
    }
  });

  it("private-share links are 128-bit random tokens, unrelated to the creation time", async () => {
    const user = await makeUser(t.db);
    const tokens: string[] = [];
    for (let i = 0; i < 5; i++) {
      const paper = await makePaper(t.db);
      const id = await makeSummary(t.db, paper.id, user.id, { isPrivate: true });
      const row = await t.db
        .selectFrom("summaries")
        .select(["share_token", "created_at"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      expect(row.share_token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(row.share_token, "base64url")).toHaveLength(16);
      tokens.push(row.share_token);
    }
    expect(new Set(tokens).size).toBe(5);
    // A token built from a time or a counter keeps bytes in common across tokens made one
    // after another; five random ones share a byte position by chance with p ≈ 4e-9.
    const bytes = tokens.map((token) => Buffer.from(token, "base64url"));
    const constant = [...Array(16).keys()].filter((i) =>
      bytes.every((b) => b[i] === bytes[0]?.[i]),
    );
    expect(constant).toEqual([]);
    const shared = await t.get(`/shared/${tokens[0]}`);
    expect(shared.status).toBe(200);
    expect((await t.get("/shared/AAAAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
  });

  it("logged-out visitors cannot create content, under a blank user or any other", async () => {
    const author = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const summaryId = await makeSummary(t.db, paper.id, author.id);
    const client = createClient(t);
    await client.get("/login");
    const attempts = [
      client.post("/summaries", { paperId: String(paper.id), source: "anonymous write" }),
      client.post(`/summary/${summaryId}/comments`, { source: "anonymous comment" }),
      client.post(`/summary/${summaryId}/vote`, { value: "1" }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status).toBe(403);
    expect(
      await t.db.selectFrom("summaries").select("id").where("paper_id", "=", paper.id).execute(),
    ).toHaveLength(1);
    expect(
      await t.db.selectFrom("comments").select("id").where("summary_id", "=", summaryId).execute(),
    ).toEqual([]);
    expect(
      await t.db
        .selectFrom("votes")
        .select("user_id")
        .where("summary_id", "=", summaryId)
        .execute(),
    ).toEqual([]);
  });

  it("serves no log files, databases, source or debug pages, and no expensive endpoints", async () => {
    for (const path of [
      "/.env",
      "/data/shortscience.db",
      "/package.json",
      "/logs/error.log",
      "/error_log",
      "/debug",
      "/phpinfo.php",
      "/rss-generate",
      "/test-api",
      "/assets/../package.json",
      "/assets/%2e%2e/package.json",
      "/src/app.ts",
    ]) {
      const res = await t.get(path);
      expect(res.status, path).toBe(404);
    }
  });
});
