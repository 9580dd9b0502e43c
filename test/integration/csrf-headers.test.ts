import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../helpers/client";
import { makeAccount, makePaper } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe("CSRF", () => {
  it("refuses a form posted from a foreign origin, and changes nothing", async () => {
    const acct = await makeAccount(t.db);
    const paper = await makePaper(t.db);
    const victim = createClient(t);
    await victim.submit("/login", "/login", { login: acct.username, password: acct.password });
    await victim.get(`/paper/arxiv/${paper.arxiv}`);
    const fromEvil = await victim.post(
      "/summaries",
      { paperId: String(paper.id), source: "planted by evil.example" },
      { Origin: "https://evil.example" },
    );
    expect(fromEvil.status).toBe(403);
    const crossSite = await victim.post(
      "/settings/profile",
      { displayName: "pwned", bio: "", orcid: "" },
      { "Sec-Fetch-Site": "cross-site", Origin: "http://localhost" },
    );
    expect(crossSite.status).toBe(403);
    expect(
      await t.db.selectFrom("summaries").select("id").where("paper_id", "=", paper.id).execute(),
    ).toEqual([]);
    const user = await t.db
      .selectFrom("users")
      .select("display_name")
      .where("id", "=", acct.id)
      .executeTakeFirstOrThrow();
    expect(user.display_name).not.toBe("pwned");
  });

  it("refuses a post without our token, or with another session's token", async () => {
    const a = await makeAccount(t.db);
    const b = await makeAccount(t.db);
    const alice = createClient(t);
    const bob = createClient(t);
    await alice.submit("/login", "/login", { login: a.username, password: a.password });
    await bob.submit("/login", "/login", { login: b.username, password: b.password });
    await bob.get("/settings");
    const noToken = await alice.post("/settings/profile", {
      _csrf: "",
      displayName: "changed",
      bio: "",
      orcid: "",
    });
    expect(noToken.status).toBe(403);
    const stolen = await alice.post("/settings/profile", {
      _csrf: bob.csrf() ?? "",
      displayName: "changed",
      bio: "",
      orcid: "",
    });
    expect(stolen.status).toBe(403);
    const json = await alice.post(
      "/settings/logout-everywhere",
      { _csrf: "" },
      { Accept: "application/json" },
    );
    expect(json.status).toBe(403);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    const row = await t.db
      .selectFrom("users")
      .select("display_name")
      .where("id", "=", a.id)
      .executeTakeFirstOrThrow();
    expect(row.display_name).not.toBe("changed");
    expect(
      await t.db.selectFrom("sessions").select("id").where("user_id", "=", a.id).execute(),
    ).toHaveLength(1);
  });

  it("accepts the token in the X-CSRF-Token header (for fetch)", async () => {
    const a = await makeAccount(t.db);
    const client = createClient(t);
    await client.submit("/login", "/login", { login: a.username, password: a.password });
    await client.get("/settings");
    const res = await client.post(
      "/settings/logout-everywhere",
      { _csrf: "" },
      { "X-CSRF-Token": client.csrf() ?? "" },
    );
    expect(res.status).toBe(303);
  });
});

describe("security headers", () => {
  it("sends a CSP without inline or eval script, and the other headers", async () => {
    const res = await t.get("/");
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    const directives = Object.fromEntries(
      csp
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([k = "", ...v]) => [k, v]),
    );
    expect(directives["script-src"]).toEqual(["'self'"]);
    expect(csp).not.toContain("unsafe-eval");
    expect(directives["img-src"]).toContain("https:");
    expect(directives["frame-ancestors"]).toEqual(["'none'"]);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("Strict-Transport-Security")).toBeNull();
  });

  it("sends HSTS and Secure __Host- cookies when BASE_URL is https", async () => {
    const s = await createTestApp({ env: { BASE_URL: "https://shortscience.example" } });
    try {
      const acct = await makeAccount(s.db);
      const res = await s.get("/");
      expect(res.headers.get("Strict-Transport-Security")).toContain("max-age=");
      const client = createClient(s, { origin: "https://shortscience.example" });
      await client.get("/login");
      const login = await client.post("/login", { login: acct.username, password: acct.password });
      expect(login.status).toBe(303);
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith("__Host-ss_session="));
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\//);
    } finally {
      await s.close();
    }
  });
});
