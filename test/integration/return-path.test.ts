import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type TestClient } from "../helpers/client";
import { makeAccount, makePaper } from "../helpers/factories";
import { startTestOidcProvider, type TestOidcProvider } from "../helpers/oidc-provider";
import { REFUSED } from "../helpers/redirect-payloads";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { createTestApp, type TestApp } from "../helpers/test-app";

// "Accounts keep your place": login, sign-up (through its mailed link) and ORCID return to
// the page they were started from, through `?next=`, which takes only paths of this site.

let t: TestApp;
let smtp: TestSmtp;
let op: TestOidcProvider;
const ORCID = "0000-0002-1825-0097";
beforeAll(async () => {
  smtp = await startTestSmtp();
  op = await startTestOidcProvider();
  op.addAccount({ sub: ORCID, name: "Josiah Carberry" });
  t = await createTestApp({ smtpUrl: smtp.url, env: op.env });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await op?.close();
});

const q = encodeURIComponent;

/** GETs the login form at `/login?next=…` and submits it as a person would. */
async function logInFrom(client: TestClient, next: string, login: string, password: string) {
  const form = `/login?next=${q(next)}`;
  const page = await client.get(form);
  const action = /<form method="post" action="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  return client.post(action.replaceAll("&amp;", "&"), { login, password });
}

describe("login returns where it started", () => {
  it("to the page given in next, through the form's own address", async () => {
    const acct = await makeAccount(t.db);
    const client = createClient(t);
    const page = await client.get(`/login?next=${q("/paper/arxiv/1707.04585")}`);
    expect(page.headers.get("Cache-Control")).toContain("no-store");
    const html = await page.text();
    expect(html).toContain('action="/login?next=%2Fpaper%2Farxiv%2F1707.04585"');
    expect(html).toContain('href="/signup?next=%2Fpaper%2Farxiv%2F1707.04585"');
    expect(html).toContain('href="/auth/oidc/start?next=%2Fpaper%2Farxiv%2F1707.04585"');
    // The header's links on the login page carry the same next, never the login page itself.
    expect(html).not.toContain("next=%2Flogin");
    const res = await logInFrom(client, "/paper/arxiv/1707.04585", acct.username, acct.password);
    expect([res.status, res.headers.get("Location")]).toEqual([303, "/paper/arxiv/1707.04585"]);
    expect(client.cookies.get("ss_session")).toBeTruthy();
  });

  it("to the home page for every refused next, which no page of the form repeats", async () => {
    const acct = await makeAccount(t.db);
    for (const raw of REFUSED) {
      const client = createClient(t);
      const page = await client.get(`/login?next=${q(raw)}`);
      const html = await page.text();
      expect([raw, /<form method="post" action="([^"]+)"/.exec(html)?.[1]]).toEqual([
        raw,
        "/login",
      ]);
      expect([raw, html.includes("evil")]).toEqual([raw, false]);
      const res = await client.post(`/login?next=${q(raw)}`, {
        login: acct.username,
        password: acct.password,
      });
      expect([raw, res.status, res.headers.get("Location")]).toEqual([raw, 303, "/"]);
    }
  });

  it("keeps the login name and next when refused, never the password, rate limit included", async () => {
    const acct = await makeAccount(t.db);
    const client = createClient(t);
    const wrong = await logInFrom(client, "/venues", acct.username, "a wrong passphrase here");
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain(`name="login" type="text" value="${acct.username}"`);
    expect(html).toContain('action="/login?next=%2Fvenues"');
    expect(html).not.toContain("a wrong passphrase here");
    for (let i = 0; i < 10; i++) await logInFrom(client, "/venues", acct.username, `wrong ${i}`);
    const limited = await logInFrom(client, "/venues", acct.username, acct.password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    const limitedHtml = await limited.text();
    expect(limitedHtml).toContain("Too many attempts");
    expect(limitedHtml).toContain(`name="login" type="text" value="${acct.username}"`);
    expect(limitedHtml).toContain('action="/login?next=%2Fvenues"');
    expect(limitedHtml).not.toContain(acct.password);
  });
});

describe("pages link to login with their own path", () => {
  it("in the header and the invitation to write, the same for every anonymous reader", async () => {
    const paper = await makePaper(t.db);
    const path = `/paper/arxiv/${paper.arxiv}`;
    const next = `next=${q(path)}`;
    // A request with a parameter the page ignores is answered, never stored: the cached page
    // carries the plain path, whoever asked first.
    const odd = await t.html(`${path}?utm=zzz`);
    expect(odd).toContain(`href="/login?next=${q(`${path}?utm=zzz`)}"`);
    // The header returns to the page; the invitation to write returns to the editor.
    const toEditor = `next=${q(`${path}/write`)}`;
    for (let i = 0; i < 2; i++) {
      const html = await t.html(path);
      expect(html.match(new RegExp(`href="/login\\?${next}"`, "g"))).toHaveLength(1);
      expect(html.match(new RegExp(`href="/signup\\?${next}"`, "g"))).toHaveLength(1);
      expect(html.match(new RegExp(`href="/login\\?${toEditor}"`, "g"))).toHaveLength(1);
      expect(html.match(new RegExp(`href="/signup\\?${toEditor}"`, "g"))).toHaveLength(1);
      expect(html).not.toContain("zzz");
    }
    // The home page needs none (login goes there anyway); its second page does.
    expect(await t.html("/")).toContain('<a href="/login">Log in</a>');
    const second = await (await t.get("/?page=2")).text();
    expect(second).toContain(`href="/login?next=${q("/?page=2")}"`);

    const acct = await makeAccount(t.db);
    const client = createClient(t);
    await logInFrom(client, path, acct.username, acct.password);
    const own = await (await client.get(path)).text();
    expect(own).not.toContain("/login?next=");
  });
});

describe("sign-up returns there, and so does its mailed link", () => {
  it("carries next to the welcome page, into the link and through the confirmation", async () => {
    const paper = await makePaper(t.db);
    const path = `/paper/arxiv/${paper.arxiv}`;
    const client = createClient(t);
    const form = await (await client.get(`/signup?next=${q(path)}`)).text();
    expect(form).toContain(`action="/signup?next=${q(path)}"`);
    expect(form).toContain(`href="/login?next=${q(path)}"`);
    const before = smtp.mails.length;
    const res = await client.post(`/signup?next=${q(path)}`, {
      username: "Returning_Reader",
      email: "returning@example.org",
      password: "a long enough passphrase",
    });
    // Logged in at once; the welcome page says where the link went and leads back.
    expect([res.status, res.headers.get("Location")]).toEqual([
      303,
      `/signup/welcome?next=${q(path)}`,
    ]);
    const welcome = await (await client.get(res.headers.get("Location") ?? "")).text();
    expect(welcome).toContain(`href="${path}"`);
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    const link = new URL(
      smtp.linksIn(mail ?? ({} as never)).find((l) => l.includes("/verify/")) ?? "",
    );
    expect(link.searchParams.get("next")).toBe(path);

    // Opened in the browser that signed up, after its session ended, the link logs it in
    // and returns to the page. (Another browser confirms without logging in:
    // signup-confirm.test.ts.)
    client.cookies.delete("ss_session");
    const confirm = await (await client.get(`${link.pathname}${link.search}`)).text();
    expect(confirm).toContain(`action="${link.pathname}?next=${q(path)}"`);
    const confirmed = await client.post(`${link.pathname}${link.search}`, {});
    expect([confirmed.status, confirmed.headers.get("Location")]).toEqual([303, path]);
    expect(client.cookies.get("ss_session")).toBeDefined();
  });

  it("mails a plain link for a refused next, and keeps username, address and next when refused", async () => {
    const client = createClient(t);
    const before = smtp.mails.length;
    await client.submit("/signup", `/signup?next=${q("//evil.example")}`, {
      username: "Plain_Link",
      email: "plain-link@example.org",
      password: "a long enough passphrase",
    });
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    const link = smtp.linksIn(mail ?? ({} as never)).find((l) => l.includes("/verify/")) ?? "";
    expect(new URL(link).search).toBe("");

    const other = createClient(t);
    await other.get("/signup?next=%2Fvenues");
    const attempts: Response[] = [];
    // Weak passwords, then past the per-client limit: each answer is the form, as typed.
    for (let i = 0; i < 6; i++) {
      attempts.push(
        await other.post("/signup?next=%2Fvenues", {
          username: `Kept_Name${i}`,
          email: `kept${i}@example.org`,
          password: "short",
        }),
      );
    }
    expect(attempts.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 429]);
    for (const [i, res] of attempts.entries()) {
      const html = await res.text();
      expect(html).toContain(`name="username" type="text" value="Kept_Name${i}"`);
      expect(html).toContain(`name="email" type="email" value="kept${i}@example.org"`);
      expect(html).toContain('action="/signup?next=%2Fvenues"');
      expect(html).not.toContain('value="short"');
    }
    expect(Number(attempts[5]?.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});

describe("ORCID returns there through its stored state", () => {
  it("keeps next server-side in the sign-in state, and refuses an off-site one", async () => {
    const client = createClient(t);
    const login = await (await client.get(`/login?next=${q("/venues")}`)).text();
    expect(login).toContain(`href="/auth/oidc/start?next=${q("/venues")}"`);
    for (const [next, expected] of [
      ["/venues", "/venues"],
      ["//evil.example", "/"],
      ["/login", "/"],
    ]) {
      const browser = createClient(t);
      const start = await browser.get(`/auth/oidc/start?next=${q(next ?? "")}`);
      expect(start.status).toBe(302);
      const toProvider = start.headers.get("location") ?? "";
      expect(toProvider).not.toContain("venues");
      const [state] = await t.db.selectFrom("oidc_states").select("return_to").execute();
      expect(state?.return_to).toBe(expected);
      op.loginAs(ORCID);
      const callback = await op.authorize(toProvider);
      const back = await browser.get(`${callback.pathname}${callback.search}`);
      expect([next, back.status, back.headers.get("location")]).toEqual([next, 303, expected]);
    }
  });
});
