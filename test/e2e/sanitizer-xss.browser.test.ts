import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANITIZER_PAYLOADS } from "../fixtures/xss/sanitizer-payloads";
import { type LiveServer, startLiveServer } from "../helpers/live-server";
import { auditRendered } from "../helpers/rendered-audit";
import { pagesFor, seedPayloads, visitAll } from "../helpers/xss-browser";
import { loadFragmentsWithoutCsp, visitWithoutCsp } from "../helpers/xss-unguarded";

// Issue 9, "still inert": our payloads aimed at the HTML allowlist, each as summary, comment,
// display name and bio, in Chromium with the CSP and without it (the CSP is the second wall).

const BROWSER_MS = 180_000;

let server: LiveServer;
let seed: Awaited<ReturnType<typeof seedPayloads>>;
beforeAll(async () => {
  server = await startLiveServer({ demo: false });
  seed = await seedPayloads(server.t.db, [...SANITIZER_PAYLOADS]);
});
afterAll(async () => {
  await server?.close();
});

async function storedHtml(): Promise<string[]> {
  const db = server.t.db;
  const summaries = await db.selectFrom("summaries").select("html").orderBy("id").execute();
  const comments = await db.selectFrom("comments").select("html").orderBy("id").execute();
  const bios = await db.selectFrom("users").select("bio_html").orderBy("id").execute();
  return [
    ...summaries.map((r) => r.html),
    ...comments.map((r) => r.html),
    ...bios.map((r) => r.bio_html ?? ""),
  ];
}

describe("payloads aimed at the sanitizer, in a real browser", () => {
  it("the stored HTML keeps no id, name, class, style or handler of the author's", async () => {
    const stored = await storedHtml();
    expect(stored.length).toBe(3 * SANITIZER_PAYLOADS.length);
    for (const html of stored) expect(auditRendered(html), html).toEqual([]);
  });

  it(
    "with the CSP: no dialog, no script call, no CSP violation on any page that shows them",
    async () => {
      const report = await visitAll(server, pagesFor(seed));
      expect(report.pages).toBeGreaterThan(SANITIZER_PAYLOADS.length);
      expect(report.dialogs).toEqual([]);
      expect(report.recorded).toEqual([]);
    },
    BROWSER_MS,
  );

  it(
    "without the CSP: the same pages run nothing, load nothing, navigate nowhere",
    async () => {
      const report = await visitWithoutCsp(server, pagesFor(seed));
      expect(report.inlineScriptRuns).toBe(true);
      expect(report.pages).toBeGreaterThan(SANITIZER_PAYLOADS.length);
      expect(report.problems).toEqual([]);
    },
    BROWSER_MS,
  );

  it(
    "without the CSP or the page around it: each stored fragment alone is inert",
    async () => {
      const stored = await storedHtml();
      const report = await loadFragmentsWithoutCsp(server, stored);
      expect(report.pages).toBe(stored.length);
      expect(report.problems).toEqual([]);
    },
    BROWSER_MS,
  );

  it(
    "would notice: raw HTML loaded the same way is reported",
    async () => {
      const planted = [
        `<img src="/nope.png" onerror="alert('planted')">`,
        `<a href="javascript:alert('planted')">x</a>`,
        `<div id="clobber" style="position:fixed;inset:0">cover</div>`,
        `<link rel="stylesheet" href="https://evil.example/x.css">`,
        `<p class="skip-link">x</p>`,
      ];
      const report = await loadFragmentsWithoutCsp(server, planted);
      const all = report.problems.join("\n");
      for (const expected of [
        "alert:planted",
        "onerror on <img>",
        "link to javascript:",
        'id="clobber"',
        "fixed <div>",
        "request: https://evil.example/x.css",
        'class="skip-link"',
      ]) {
        expect(all).toContain(expected);
      }
    },
    BROWSER_MS,
  );
});
