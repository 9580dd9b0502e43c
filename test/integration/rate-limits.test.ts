import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { verifyPassword } from "../../src/auth/passwords";
import { RATE_LIMITS } from "../../src/core/limits";
import { createClient } from "../helpers/client";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

function expect429(res: Response) {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
}

describe("rate limits", () => {
  it("login per account: after the limit even the right password waits", async () => {
    const acct = await makeAccount(t.db);
    for (let i = 0; i < RATE_LIMITS.loginPerAccount.max; i++) {
      const res = await createClient(t).submit("/login", "/login", {
        login: acct.username,
        password: `wrong guess ${i}`,
      });
      expect(res.status).toBe(400);
    }
    expect429(
      await createClient(t).submit("/login", "/login", {
        login: acct.username,
        password: acct.password,
      }),
    );
    expect(
      await t.db.selectFrom("sessions").select("id").where("user_id", "=", acct.id).execute(),
    ).toEqual([]);
  });

  it("login per account counts by user id, whether named by username or e-mail", async () => {
    const acct = await makeAccount(t.db);
    const names = [
      acct.username,
      acct.email,
      acct.email.toUpperCase(),
      acct.username.toUpperCase(),
    ];
    for (let i = 0; i < RATE_LIMITS.loginPerAccount.max; i++) {
      const res = await createClient(t).submit("/login", "/login", {
        login: names[i % names.length] ?? "",
        password: `wrong guess ${i}`,
      });
      expect(res.status).toBe(400);
    }
    for (const login of names) {
      expect429(
        await createClient(t).submit("/login", "/login", { login, password: acct.password }),
      );
    }
  });

  it("a right password gives back its own hit, not those of the wrong guesses", async () => {
    const acct = await makeAccount(t.db);
    const attempt = (password: string) =>
      createClient(t).submit("/login", "/login", { login: acct.username, password });
    for (let i = 1; i < RATE_LIMITS.loginPerAccount.max; i++) {
      expect((await attempt(`wrong ${i}`)).status).toBe(400);
    }
    expect((await attempt(acct.password)).status).toBe(303);
    // The limit's last wrong guess is still evaluated, and then even the right one waits.
    expect((await attempt("the last wrong guess")).status).toBe(400);
    expect429(await attempt(acct.password));
  });

  it("re-entering the current password in Settings has its own limit per user", async () => {
    const acct = await makeAccount(t.db);
    const client = createClient(t);
    await client.submit("/login", "/login", { login: acct.username, password: acct.password });
    const forms = [
      ["/settings/password", { current: "wrong", next: "a brand new passphrase" }],
      ["/settings/email", { email: "elsewhere@example.org", password: "wrong" }],
      ["/settings/delete", { mode: "remove", password: "wrong" }],
    ] as const;
    for (let i = 0; i < RATE_LIMITS.reenterPasswordPerUser.max; i++) {
      const [action, fields] = forms[i % forms.length] ?? forms[0];
      expect((await client.submit("/settings", action, fields)).status).toBe(400);
    }
    for (const [action, fields] of forms)
      expect429(await client.submit("/settings", action, fields));
    // Even the right password waits now, from another address too.
    const elsewhere = createClient(t);
    elsewhere.cookies.set("ss_session", client.cookies.get("ss_session") ?? "");
    expect429(
      await elsewhere.submit("/settings", "/settings/password", {
        current: acct.password,
        next: "a brand new passphrase",
      }),
    );
    const row = await t.db
      .selectFrom("users")
      .select(["pending_email", "deleted_at"])
      .where("id", "=", acct.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ pending_email: null, deleted_at: null });
  });

  it("an account locked by wrong logins still lets its logged-in owner change the password", async () => {
    const acct = await makeAccount(t.db);
    const owner = createClient(t);
    await owner.submit("/login", "/login", { login: acct.username, password: acct.password });
    // Someone else keeps the account's logins locked, from addresses of their own.
    for (let i = 0; i < RATE_LIMITS.loginPerAccount.max; i++) {
      const res = await createClient(t).submit("/login", "/login", {
        login: acct.email,
        password: `a stranger's guess ${i}`,
      });
      expect(res.status).toBe(400);
    }
    expect429(
      await createClient(t).submit("/login", "/login", {
        login: acct.username,
        password: acct.password,
      }),
    );
    const next = "the owner's new passphrase";
    const res = await owner.submit("/settings", "/settings/password", {
      current: acct.password,
      next,
    });
    expect(res.status).toBe(303);
    const { password_hash } = await t.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", acct.id)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(password_hash ?? "", next)).toBe(true);
  });

  it("login per IP, across accounts", async () => {
    const client = createClient(t, { ip: "198.51.100.7" });
    await client.get("/login");
    for (let i = 0; i < RATE_LIMITS.loginPerIp.max; i++) {
      const res = await client.post("/login", {
        login: `someone${i}`,
        password: "a wrong password",
      });
      expect(res.status).toBe(400);
    }
    expect429(await client.post("/login", { login: "someone-else", password: "a wrong password" }));
  });

  it("sign-up per IP", async () => {
    const ip = "198.51.100.8";
    for (let i = 0; i < RATE_LIMITS.signupPerIp.max; i++) {
      // A new browser each time: a sign-up logs its browser in.
      const res = await createClient(t, { ip }).submit("/signup", "/signup", {
        username: `bulk${i}`,
        email: `bulk${i}@example.org`,
        password: "a fine long password",
      });
      expect(res.status).toBe(303);
    }
    expect429(
      await createClient(t, { ip }).submit("/signup", "/signup", {
        username: "bulk_more",
        email: "bulk_more@example.org",
        password: "a fine long password",
      }),
    );
    // Each sign-up made its account at once; the refused one made none.
    expect(
      await t.db
        .selectFrom("users")
        .select("username")
        .where("username", "like", "bulk%")
        .execute(),
    ).toHaveLength(RATE_LIMITS.signupPerIp.max);
  });

  it("reset mail per IP", async () => {
    const client = createClient(t, { ip: "198.51.100.9" });
    await client.get("/reset");
    for (let i = 0; i < RATE_LIMITS.resetMailPerIp.max; i++) {
      expect((await client.post("/reset", { email: `x${i}@example.org` })).status).toBe(200);
    }
    expect429(await client.post("/reset", { email: "x@example.org" }));
  });

  it("verification mail per account", async () => {
    const acct = await makeAccount(t.db, { verified: false });
    const client = createClient(t);
    await client.submit("/login", "/login", { login: acct.username, password: acct.password });
    for (let i = 0; i < RATE_LIMITS.verifyMailPerAccount.max; i++) {
      expect((await client.submit("/settings", "/settings/resend-verification", {})).status).toBe(
        303,
      );
    }
    expect429(await client.submit("/settings", "/settings/resend-verification", {}));
  });

  it("votes, comments and summary saves per user", async () => {
    const acct = await makeAccount(t.db);
    const author = await makeUser(t.db);
    const client = createClient(t);
    await client.submit("/login", "/login", { login: acct.username, password: acct.password });
    const paper = await makePaper(t.db);
    const summaryId = await makeSummary(t.db, paper.id, author.id);
    await client.get(`/paper/arxiv/${paper.arxiv}`);
    for (let i = 0; i < RATE_LIMITS.votePerUser.max; i++) {
      expect(
        (await client.post(`/summary/${summaryId}/vote`, { value: i % 2 ? "1" : "-1" })).status,
      ).toBe(303);
    }
    expect429(await client.post(`/summary/${summaryId}/vote`, { value: "1" }));
    for (let i = 0; i < RATE_LIMITS.commentPerUser.max; i++) {
      expect(
        (await client.post(`/summary/${summaryId}/comments`, { source: `Comment ${i}` })).status,
      ).toBe(303);
    }
    expect429(await client.post(`/summary/${summaryId}/comments`, { source: "one too many" }));
    for (let i = 0; i < RATE_LIMITS.summarySavePerUser.max; i++) {
      expect(
        (
          await client.post("/summaries", {
            paperId: String(paper.id),
            source: `Revision ${i}.${" Long enough for the editor's 200 characters.".repeat(5)}`,
          })
        ).status,
      ).toBe(303);
    }
    expect429(
      await client.post("/summaries", {
        paperId: String(paper.id),
        source: `Too many revisions.${" Long enough for the editor's 200 characters.".repeat(5)}`,
      }),
    );
    const comments = await t.db
      .selectFrom("comments")
      .select("id")
      .where("summary_id", "=", summaryId)
      .execute();
    expect(comments).toHaveLength(RATE_LIMITS.commentPerUser.max);
  });

  it("hold across several app processes sharing one database", async () => {
    const acct = await makeAccount(t.db);
    // A second app instance on the same database stands for a second process: it shares
    // nothing with the first but the database.
    const second = createApp(t.deps, { pageCacheRevalidateMs: 0 });
    const apps = [t, { ...t, fetch: second.fetch }];
    for (let i = 0; i < RATE_LIMITS.loginPerAccount.max; i++) {
      const app = apps[i % 2] as TestApp;
      const res = await createClient(app).submit("/login", "/login", {
        login: acct.username,
        password: `wrong ${i}`,
      });
      expect(res.status).toBe(400);
    }
    expect429(
      await createClient(apps[0] as TestApp).submit("/login", "/login", {
        login: acct.username,
        password: acct.password,
      }),
    );
    expect429(
      await createClient(apps[1] as TestApp).submit("/login", "/login", {
        login: acct.username,
        password: acct.password,
      }),
    );
    await second.close();
  });
});
