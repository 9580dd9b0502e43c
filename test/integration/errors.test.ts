import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(async () => {
  await t.close();
});

describe("errors", () => {
  it("answers JSON errors to JSON clients", async () => {
    const res = await t.get("/no/such/page", { Accept: "application/json" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  });

  it("never shows SQL, stack traces or paths when the database fails", async () => {
    // Other tables (notifications) refer to comments: PostgreSQL drops only with CASCADE, which
    // SQLite does not know and does not need.
    if (t.deps.dialect === "postgres") await sql`drop table comments cascade`.execute(t.db);
    else await sql`drop table comments`.execute(t.db);
    const res = await t.get("/paper/arxiv/1707.04585");
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain("Something went wrong");
    expect(html).toContain('class="site-header"');
    for (const leak of [
      "comments",
      "SQLITE",
      "select",
      "    at ",
      "/src/",
      "node_modules",
      "relation",
    ]) {
      expect(html).not.toContain(leak);
    }
    const json = await t.get("/paper/arxiv/1707.04585", { Accept: "application/json" });
    expect(json.status).toBe(500);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe("internal");
  });
});
