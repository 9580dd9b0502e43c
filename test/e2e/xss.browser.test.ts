import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LiveServer, startLiveServer } from "../helpers/live-server";
import { pagesFor, seedPayloads, visitAll } from "../helpers/xss-browser";

const payloads = readFileSync(new URL("../fixtures/xss/payloads.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "");

let server: LiveServer;
beforeAll(async () => {
  server = await startLiveServer({ demo: false });
});
afterAll(async () => {
  await server?.close();
});

describe("hostile text in a real browser", () => {
  it("runs no script, opens no dialog and trips no CSP rule on any page that shows it", async () => {
    const seed = await seedPayloads(server.t.db, payloads);
    const report = await visitAll(server, pagesFor(seed));
    expect(report.pages).toBeGreaterThan(payloads.length);
    expect(report.dialogs).toEqual([]);
    expect(report.recorded).toEqual([]);
    // The text is shown (escaped), not dropped: the profile of the first payload names it.
    const profile = await server.t.html(`/user/${seed.usernames[0]}`);
    expect(profile).toContain("&lt;script&gt;alert(&quot;own-1&quot;)&lt;/script&gt;");
  });

  it("would notice: raw HTML planted in the database is stopped by the CSP and reported", async () => {
    const row = await server.t.db
      .selectFrom("summaries")
      .select("id")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    await server.t.db
      .updateTable("summaries")
      .set({
        html: `<img src="/nope.png" onerror="alert('planted')"><script>alert('planted2')</script>`,
      })
      .where("id", "=", row.id)
      .execute();
    await server.t.db.updateTable("content_version").set({ version: 42 }).execute();
    const report = await visitAll(server, [`/summary/${row.id}`]);
    expect(report.dialogs).toEqual([]);
    expect(report.recorded.some((r) => r.includes("csp:script-src"))).toBe(true);
  });
});
