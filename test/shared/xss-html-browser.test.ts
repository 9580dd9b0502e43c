import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/render";
import { findActiveContent } from "../helpers/html-inert";
import { type LiveServer, startLiveServer } from "../helpers/live-server";
import { auditRendered } from "../helpers/rendered-audit";
import { pagesFor, seedPayloads, visitAll } from "../helpers/xss-browser";
import { loadFragmentsWithoutCsp, visitWithoutCsp } from "../helpers/xss-unguarded";

// Issue 9, "still inert": rsnake's list and the hostile-HTML example, now that summaries,
// comments and bios accept an HTML allowlist. Each payload goes into summary, comment,
// display name and bio; Chromium opens every page that shows them with the CSP and without
// it, and loads each stored fragment alone into a page with no policy at all.

const shared = process.env.SHARED_DIR ?? resolve("../shared");
const rsnake = readFileSync(join(shared, "corpus/xss/rsnake.txt"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "");
const hostileFile = readFileSync(join(shared, "corpus/html/05-hostile-html.md"), "utf8");
// The whole file as written, and each of its lines on its own (a tag alone on a line starts
// an HTML block; inside a paragraph it is inline HTML: both paths must hold).
const hostileLines = hostileFile.split("\n").filter((l) => l.trim() !== "");
const payloads = [...rsnake, hostileFile, ...hostileLines];

const BROWSER_MS = 300_000;

let server: LiveServer;
let seed: Awaited<ReturnType<typeof seedPayloads>>;
beforeAll(async () => {
  server = await startLiveServer({ demo: false });
  seed = await seedPayloads(server.t.db, payloads);
});
afterAll(async () => {
  await server?.close();
});

async function storedHtml(): Promise<string[]> {
  const db = server.t.db;
  const summaries = await db.selectFrom("summaries").select("html").execute();
  const comments = await db.selectFrom("comments").select("html").execute();
  const bios = await db.selectFrom("users").select("bio_html").execute();
  return [
    ...summaries.map((r) => r.html),
    ...comments.map((r) => r.html),
    ...bios.map((r) => r.bio_html ?? ""),
  ];
}

describe("rsnake's list and 05-hostile-html.md with the HTML allowlist", () => {
  it("render to HTML with nothing active and no author id, name, class, style or handler", () => {
    expect(rsnake.length).toBeGreaterThanOrEqual(72);
    for (const payload of payloads) {
      const { html } = renderMarkdown(payload);
      expect(findActiveContent(html), payload).toEqual([]);
      expect(auditRendered(html), payload).toEqual([]);
    }
  });

  it(
    "with the CSP: no dialog, no script call, no CSP violation",
    async () => {
      const report = await visitAll(server, pagesFor(seed));
      expect(report.pages).toBeGreaterThan(payloads.length);
      expect(report.dialogs).toEqual([]);
      expect(report.recorded).toEqual([]);
    },
    BROWSER_MS,
  );

  it(
    "without the CSP: nothing runs, loads, navigates or clobbers",
    async () => {
      const report = await visitWithoutCsp(server, pagesFor(seed));
      expect(report.inlineScriptRuns).toBe(true);
      expect(report.problems).toEqual([]);
    },
    BROWSER_MS,
  );

  it(
    "each stored fragment alone, in a page with no policy, is inert",
    async () => {
      const stored = await storedHtml();
      expect(stored.length).toBe(3 * payloads.length);
      const report = await loadFragmentsWithoutCsp(server, stored);
      expect(report.problems).toEqual([]);
    },
    BROWSER_MS,
  );
});
