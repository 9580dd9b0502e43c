import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../src/auth/sessions.service";
import { addComment } from "../../src/comments/comments.service";
import { axeViolations, describeViolations } from "../helpers/axe";
import { CHROMIUM_ARGS, findChromium } from "../helpers/chromium";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { type LiveServer, startLiveServer } from "../helpers/live-server";
import { testRender } from "../helpers/test-app";

// The comment form's live preview in Chromium (the browser bundle of src/render typesets as
// you type, no page load), and axe on a thread (replies, a placeholder, the reply disclosure
// open) and on the edit page, light and dark.

const SCREENSHOTS = "test-results/screenshots";

let server: LiveServer;
let browser: Browser;
let summaryId: number;
let ownComment: number;
let cookie: { name: string; value: string; url: string };

beforeAll(async () => {
  // The bundle the page loads must be the current src/render (the app reads it at start).
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  server = await startLiveServer({ demo: false });
  const db = server.t.db;
  const reader = await makeAccount(db);
  const author = await makeUser(db);
  const paper = await makePaper(db, { title: "Reversible networks" });
  summaryId = await makeSummary(db, paper.id, author.id);
  const add = (userId: number, source: string, parentId?: number) =>
    addComment(db, testRender, { summaryId, userId, source, parentId });
  const top = await add(author.id, "Is $\\nabla f$ bounded?");
  await add(reader.id, "Yes, by $L$.", top);
  ownComment = await add(reader.id, "My own remark with $x^2$.");
  const gone = await add(author.id, "Soon deleted.");
  await add(reader.id, "A reply that keeps the placeholder.", gone);
  await db
    .updateTable("comments")
    .set({ deleted_at: new Date().toISOString() })
    .where("id", "=", gone)
    .execute();
  const value = await startSession(db, reader.id, "e2e");
  cookie = { name: "ss_session", value, url: server.url };
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string, colorScheme: "light" | "dark" = "light") {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme });
  await context.addCookies([cookie]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${m.text()} ${m.location().url}`);
  });
  page.on("pageerror", (e) => errors.push(e.message));
  const res = await page.goto(server.url + path, { waitUntil: "load" });
  expect(res?.status()).toBe(200);
  return { context, page, errors };
}

async function expectNoViolations(page: Page) {
  expect(describeViolations(await axeViolations(page))).toEqual([]);
}

describe("comments in a real browser", () => {
  it("typesets the live preview as you type, without a page load", async () => {
    const { context, page, errors } = await open(`/summary/${summaryId}`);
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const form = page.locator(`#comment-source-${summaryId}`);
    const preview = page.locator(`#comment-source-${summaryId}-preview`);
    expect(await preview.isVisible()).toBe(false);
    await form.click();
    await page.keyboard.type("Energy: $E = mc^2$ and $\\frac{a}{b}$.");
    await preview.locator(".katex").first().waitFor();
    expect(await preview.locator(".katex").count()).toBe(2);
    expect(await preview.locator(".katex math").count()).toBe(2);
    expect(await page.evaluate(() => "notReloaded" in window)).toBe(true);
    // A reply form's preview works too, inside its disclosure.
    await page.locator("details.comment-reply summary").first().click();
    const reply = page.locator("details.comment-reply textarea").first();
    await reply.fill("Reply with $\\sqrt{2}$");
    await page.locator("details.comment-reply .comment-preview .katex").first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const scheme of ["light", "dark"] as const) {
    it(`has no axe violations on the thread and the edit page (${scheme})`, async () => {
      const { context, page, errors } = await open(`/summary/${summaryId}`, scheme);
      expect(await page.locator(".comment-removed").count()).toBe(1);
      await page.locator("details.comment-reply summary").first().click();
      await page.locator(`#comment-source-${summaryId}`).fill("Preview $a+b$");
      await page.locator(`#comment-source-${summaryId}-preview .katex`).waitFor();
      await expectNoViolations(page);
      await page.screenshot({ path: `${SCREENSHOTS}/comments-${scheme}.png`, fullPage: true });
      await page.goto(`${server.url}/comment/${ownComment}/edit`, { waitUntil: "load" });
      await page.locator("#comment-source-preview .katex").first().waitFor();
      await expectNoViolations(page);
      await page.screenshot({ path: `${SCREENSHOTS}/comment-edit-${scheme}.png`, fullPage: true });
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
