import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type TestClient } from "../helpers/client";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let paperPath: string;
let summaryId: number;
beforeAll(async () => {
  t = await createTestApp();
  const author = await makeUser(t.db);
  const paper = await makePaper(t.db);
  summaryId = await makeSummary(t.db, paper.id, author.id);
  paperPath = `/paper/arxiv/${paper.arxiv}`;
});
afterAll(async () => {
  await t.close();
});

async function loggedIn(): Promise<TestClient> {
  const acct = await makeAccount(t.db);
  const client = createClient(t);
  const res = await client.submit("/login", "/login", {
    login: acct.username,
    password: acct.password,
  });
  expect(res.status).toBe(303);
  expect(client.cookies.size).toBeGreaterThan(0);
  return client;
}

const variesOnCookie = (res: Response) =>
  (res.headers.get("Vary") ?? "")
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .includes("cookie");

describe("cache headers", () => {
  it("every response to a logged-in reader is private, no-store, and varies on Cookie", async () => {
    const client = await loggedIn();
    const paths = [paperPath, "/", "/recent", "/about", "/venues", `/summary/${summaryId}`];
    for (const path of [...paths, "/settings", "/no/such/page"]) {
      const res = await client.get(path);
      expect([200, 404]).toContain(res.status);
      expect(res.headers.get("Cache-Control"), path).toBe("private, no-store");
      expect(variesOnCookie(res), path).toBe(true);
    }
    // A write's redirect too.
    const voted = await client.submit(paperPath, `/summary/${summaryId}/vote`, { value: "1" });
    expect(voted.status).toBe(303);
    expect(voted.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("anonymous pages are cacheable by everyone only keyed on Cookie", async () => {
    for (const path of [paperPath, "/", "/about", `/summary/${summaryId}`]) {
      for (let i = 0; i < 2; i++) {
        // The first request is a miss, the second a hit: both say the same.
        const res = await t.get(path);
        expect(res.status).toBe(200);
        expect(res.headers.get("Cache-Control"), path).toBe("public, no-cache");
        expect(variesOnCookie(res), path).toBe(true);
      }
    }
    const missing = await t.get("/no/such/page");
    expect(missing.status).toBe(404);
    expect(variesOnCookie(missing)).toBe(true);
  });

  it("pages with forms are private, no-store for anonymous readers too", async () => {
    for (const path of ["/login", "/signup", "/reset"]) {
      const res = await createClient(t).get(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('name="_csrf"');
      expect(res.headers.get("Cache-Control"), path).toBe("private, no-store");
      expect(variesOnCookie(res), path).toBe(true);
    }
  });

  it("a dead session cookie's response (which clears it) is private, no-store", async () => {
    const res = await t.get("/", { Cookie: "ss_session=not-a-real-session-token" });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join(";")).toContain("ss_session=");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("the internal paper header never leaves the app, cached or not", async () => {
    const client = await loggedIn();
    const cold = await makePaper(t.db);
    const responses = [
      // Anonymous, not stored: an unknown parameter on a page nobody has asked for yet.
      await t.get(`/paper/arxiv/${cold.arxiv}?not=cached`),
      await client.get(paperPath),
      await t.get(paperPath),
      await t.get(paperPath),
    ];
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("<h1");
      expect(res.headers.has("x-shortscience-paper")).toBe(false);
    }
  });
});
