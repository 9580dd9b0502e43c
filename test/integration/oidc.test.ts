import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATE_REFUSED } from "../../src/auth/oidc.service";
import { startSession } from "../../src/auth/sessions.service";
import { safeNextPath } from "../../src/http/next-path";
import { createClient, type TestClient } from "../helpers/client";
import { makeAccount } from "../helpers/factories";
import { startTestOidcProvider, type TestOidcProvider } from "../helpers/oidc-provider";
import { createTestApp, type TestApp } from "../helpers/test-app";

// "Sign in with ORCID" end to end: our app against a real OpenID Connect provider on
// 127.0.0.1, whose subjects are ORCID iDs as at orcid.org.

const JOSIAH = "0000-0002-1825-0097";
const LINKED = "0000-0001-5109-3700";
const NAMELESS = "0000-0002-1694-233X";
const OTHER = "0000-0003-4567-8918";
const SPARE = "0000-0003-4567-8926";

let op: TestOidcProvider;
let t: TestApp;
beforeAll(async () => {
  op = await startTestOidcProvider();
  op.addAccount({
    sub: JOSIAH,
    name: "Josiah Carberry",
    email: "josiah@example.org",
    email_verified: true,
  });
  op.addAccount({ sub: LINKED, given_name: "Ada", family_name: "Byron" });
  op.addAccount({ sub: NAMELESS, email: "unverified@example.org", email_verified: false });
  op.addAccount({ sub: OTHER, name: "Other Person" });
  op.addAccount({ sub: SPARE, name: "Spare Person" });
  t = await createTestApp({ env: op.env });
});
afterAll(async () => {
  await t?.close();
  await op?.close();
});

const userByOrcid = (orcid: string) =>
  t.db.selectFrom("users").selectAll().where("orcid", "=", orcid).execute();
const identitiesOf = (subject: string) =>
  t.db.selectFrom("user_identities").selectAll().where("subject", "=", subject).execute();
const sessionsOf = (userId: number) =>
  t.db.selectFrom("sessions").select("id").where("user_id", "=", userId).execute();

/** Our start page → the provider (logged in as `sub`) → the callback URL it sends back. */
async function toCallback(client: TestClient, sub: string, start = "/auth/oidc/start") {
  const res = await client.get(start);
  expect(res.status).toBe(302);
  op.loginAs(sub);
  const callback = await op.authorize(res.headers.get("location") ?? "");
  return `${callback.pathname}${callback.search}`;
}

async function signIn(client: TestClient, sub: string, start?: string) {
  return client.get(await toCallback(client, sub, start));
}

describe("sign in with ORCID through OpenID Connect", () => {
  it("creates an account from a first sign-in, with the verified ORCID iD and e-mail", async () => {
    const login = await t.html("/login");
    expect(login).toContain('href="/auth/oidc/start"');
    expect(login).toContain("Sign in with ORCID");

    const client = createClient(t);
    const res = await signIn(client, JOSIAH);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect(client.cookies.get("ss_session")).toBeTruthy();

    const [user, ...more] = await userByOrcid(JOSIAH);
    expect(more).toHaveLength(0);
    expect(user?.username).toBe("Josiah-Carberry");
    expect(user?.display_name).toBe("Josiah Carberry");
    expect(user?.email).toBe("josiah@example.org");
    expect(user?.email_verified_at).not.toBeNull();
    expect(user?.password_hash).toBeNull();
    expect(await identitiesOf(JOSIAH)).toMatchObject([{ provider: op.issuer, user_id: user?.id }]);
    // The session is real: the home page now shows the account.
    expect(await (await client.get("/")).text()).toContain("Josiah Carberry");
    // The state was single use and is gone.
    expect(await t.db.selectFrom("oidc_states").selectAll().execute()).toHaveLength(0);
  });

  it("signs the same subject into the same account again, and only to a local return path", async () => {
    const [user] = await userByOrcid(JOSIAH);
    const before = (await sessionsOf(user?.id ?? 0)).length;
    const client = createClient(t);
    const res = await signIn(client, JOSIAH, "/auth/oidc/start?return_to=//evil.example/x");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect(await userByOrcid(JOSIAH)).toHaveLength(1);
    expect(await identitiesOf(JOSIAH)).toHaveLength(1);
    expect(await sessionsOf(user?.id ?? 0)).toHaveLength(before + 1);

    const back = await signIn(createClient(t), JOSIAH, "/auth/oidc/start?return_to=/venues");
    expect(back.headers.get("location")).toBe("/venues");
  });

  it("never opens an account because its ORCID iD was typed in Settings", async () => {
    const squatter = await makeAccount(t.db);
    await t.db
      .updateTable("users")
      .set({ orcid: NAMELESS })
      .where("id", "=", squatter.id)
      .execute();
    const res = await signIn(createClient(t), NAMELESS);
    expect(res.status).toBe(303);
    const [identity] = await identitiesOf(NAMELESS);
    expect(identity?.user_id).not.toBe(squatter.id);
    const created = await t.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", identity?.user_id ?? 0)
      .executeTakeFirstOrThrow();
    expect(created.username).toBe("orcid-233X");
    // The proven iD moves to the account that signed in with it; an unverified e-mail is not taken.
    expect(created.orcid).toBe(NAMELESS);
    expect(created.email).toBeNull();
    const squatterNow = await t.db
      .selectFrom("users")
      .select("orcid")
      .where("id", "=", squatter.id)
      .executeTakeFirstOrThrow();
    expect(squatterNow.orcid).toBeNull();
  });

  it("links the identity to the logged-in account that asks for it", async () => {
    const account = await makeAccount(t.db);
    const client = createClient(t);
    // Logged in as by the password form (whose own tests are in accounts.test.ts).
    client.cookies.set("ss_session", await startSession(t.db, account.id, "test"));
    const res = await signIn(client, LINKED, "/auth/oidc/start?link=1");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/settings");
    expect(await identitiesOf(LINKED)).toMatchObject([{ user_id: account.id }]);
    expect((await userByOrcid(LINKED)).map((u) => u.id)).toEqual([account.id]);
    const session = client.cookies.get("ss_session");

    // Logged in, even the plain sign-in button links: an identity already linked elsewhere is
    // refused, neither moved nor used to switch this browser to the other account.
    const refused = await signIn(client, JOSIAH);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("already linked to another ShortScience account");
    expect((await identitiesOf(JOSIAH)).map((i) => i.user_id)).not.toContain(account.id);
    expect(client.cookies.get("ss_session")).toBe(session);

    // One ORCID account per ShortScience account.
    const second = await signIn(client, SPARE);
    expect(second.status).toBe(409);
    expect(await second.text()).toContain("already linked to another ORCID account");
  });

  it("moves an ORCID iD that another account only typed to the account that proves it", async () => {
    const holder = await makeAccount(t.db);
    await t.db.updateTable("users").set({ orcid: SPARE }).where("id", "=", holder.id).execute();
    const linker = await makeAccount(t.db);
    const client = createClient(t);
    client.cookies.set("ss_session", await startSession(t.db, linker.id, "t"));
    const res = await signIn(client, SPARE, "/auth/oidc/start?link=1");
    expect(res.status).toBe(303);
    expect(await identitiesOf(SPARE)).toMatchObject([{ user_id: linker.id }]);
    expect((await userByOrcid(SPARE)).map((u) => u.id)).toEqual([linker.id]);
  });

  it("asks to log in before linking", async () => {
    const res = await createClient(t).get("/auth/oidc/start?link=1");
    expect(res.status).toBe(403);
  });

  it("refuses a replayed callback", async () => {
    const client = createClient(t);
    const callback = await toCallback(client, OTHER);
    const state = client.cookies.get("ss_oidc") ?? "";
    expect((await client.get(callback)).status).toBe(303);
    const [user] = await userByOrcid(OTHER);
    const sessions = (await sessionsOf(user?.id ?? 0)).length;

    // Even with the browser's state cookie put back, the state was single use.
    const replay = createClient(t);
    replay.cookies.set("ss_oidc", state);
    const res = await replay.get(callback);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(STATE_REFUSED.split(".")[0]);
    expect(replay.cookies.get("ss_session")).toBeUndefined();
    expect(await sessionsOf(user?.id ?? 0)).toHaveLength(sessions);
  });

  it("refuses a tampered state, and a callback from another browser", async () => {
    const client = createClient(t);
    const callback = await toCallback(client, OTHER);
    const forged = "A".repeat(43);
    client.cookies.set("ss_oidc", forged);
    const tampered = await client.get(callback.replace(/state=[^&]+/, `state=${forged}`));
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toContain(STATE_REFUSED.split(".")[0]);

    // The real callback, opened in a browser that did not start the sign-in (login CSRF).
    const victim = createClient(t);
    const res = await victim.get(callback);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("not started in this browser");
    expect(victim.cookies.get("ss_session")).toBeUndefined();
  });

  it("refuses an expired state", async () => {
    const client = createClient(t);
    const callback = await toCallback(client, OTHER);
    await t.db
      .updateTable("oidc_states")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    const res = await client.get(callback);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(STATE_REFUSED.split(".")[0]);
    expect(client.cookies.get("ss_session")).toBeUndefined();
  });

  it("has the provider refuse a wrong PKCE verifier, and refuses a wrong nonce itself", async () => {
    for (const column of ["code_verifier", "nonce"] as const) {
      const client = createClient(t);
      const callback = await toCallback(client, OTHER);
      await t.db
        .updateTable("oidc_states")
        .set({ [column]: "B".repeat(43) })
        .execute();
      const res = await client.get(callback);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("did not confirm this sign-in");
      expect(client.cookies.get("ss_session")).toBeUndefined();
    }
  });

  it("refuses a banned account", async () => {
    const [user] = await userByOrcid(OTHER);
    const at = new Date().toISOString();
    await t.db
      .updateTable("users")
      .set({ banned_at: at })
      .where("id", "=", user?.id ?? 0)
      .execute();
    const res = await signIn(createClient(t), OTHER);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("suspended");
  });
});

describe("without a configured provider", () => {
  it("has no ORCID routes and no button", async () => {
    const plain = await createTestApp();
    try {
      expect((await plain.get("/auth/oidc/start")).status).toBe(404);
      expect((await plain.get("/auth/oidc/callback?state=x&code=y")).status).toBe(404);
      expect(await plain.html("/login")).not.toContain("/auth/oidc/start");
    } finally {
      await plain.close();
    }
  });

  it("keeps return paths on this site", () => {
    expect(safeNextPath("/paper/arxiv/1707.04585")).toBe("/paper/arxiv/1707.04585");
    for (const bad of ["//evil.example", "/\\evil.example", "https://evil.example", "", "/a\nb"]) {
      expect(safeNextPath(bad)).toBeNull();
    }
  });
});
