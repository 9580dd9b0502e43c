import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import pino from "pino";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDueMails } from "../../src/notifications/mail-queue.service";
import { DEFAULT_ENDPOINTS, type ServiceName } from "../../src/papers/resolvers/resolver-config";
import { closedPort } from "../helpers/add-paper-flow";
import { axeViolations, describeViolations } from "../helpers/axe";
import { CHROMIUM_ARGS, findChromium } from "../helpers/chromium";
import { type LiveServer, startLiveServer } from "../helpers/live-server";
import { type ReceivedMail, startTestSmtp, type TestSmtp } from "../helpers/smtp";

// Issue 10, point 10: the whole path a new researcher takes, in Chromium, against the real
// app (SQLite, or PostgreSQL under TEST_DATABASE_URL), a real SMTP server, and metadata
// services that can't be reached. Each step is one `it`, in order: a failure names the step.
// Screenshots of the editor, the history and the notifications land in test-results/.

const SCREENSHOTS = "test-results/screenshots";
const PASSWORD = "a fine long password";
const ARXIV_ID = "2411.54321";

let smtp: TestSmtp;
let server: LiveServer;
let browser: Browser;
let alice: Opened;
let bob: Opened;
let paperPath = "";
let summaryId = 0;

interface Opened {
  context: BrowserContext;
  page: Page;
  /** Script errors, CSP reports and 4xx/5xx answers the page met: none are expected. */
  errors: string[];
}

async function open(): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${m.text()} ${m.location().url}`);
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  return { context, page, errors };
}

/** axe finds nothing on the page as it is, in light and in dark. */
async function expectAxeClean(page: Page): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = await axeViolations(page);
    expect(describeViolations(violations), `${colorScheme}: ${page.url()}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** The mailed links point at BASE_URL (http://localhost): the same path on the live server. */
function onServer(link: string): string {
  const url = new URL(link);
  return `${server.url}${url.pathname}${url.search}`;
}

async function mailsTo(address: string, count: number): Promise<ReceivedMail[]> {
  for (;;) {
    const to = smtp.mails.filter((m) => m.to.includes(address));
    if (to.length >= count) return to;
    await smtp.waitFor(smtp.mails.length + 1);
  }
}

async function signUp(o: Opened, name: string): Promise<void> {
  await o.page.goto(`${server.url}/signup`);
  await o.page.fill("#field-username", name);
  await o.page.fill("#field-email", `${name}@example.org`);
  await o.page.fill("#field-password", PASSWORD);
  await o.page.click("form[action^='/signup'] button[type=submit]");
  // Logged in at once: the header names the new account.
  expect(await o.page.textContent("nav.account")).toContain(name);
  const [mail] = await mailsTo(`${name}@example.org`, 1);
  const link = smtp.linksIn(mail as ReceivedMail).find((l) => l.includes("/verify/"));
  expect(link).toBeDefined();
  await o.page.goto(onServer(link as string));
  await o.page.click("form[action^='/verify'] button[type=submit]");
  expect(await o.page.textContent("main")).toContain("confirmed");
}

const SUMMARY = [
  "## What the paper does",
  "",
  "It trains a network whose layers are invertible, so activations need not be stored:",
  "the memory cost is $O(1)$ in depth instead of $O(L)$. The key identity is",
  "",
  "$$y_1 = x_1 + \\mathcal{F}(x_2), \\qquad y_2 = x_2 + \\mathcal{G}(y_1)$$",
  "",
  "and its inverse recomputes $x_2 = y_2 - \\mathcal{G}(y_1)$ during the backward pass.",
].join("\n");

beforeAll(async () => {
  // The preview's bundle must be the current src/render (the app reads it at start).
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  smtp = await startTestSmtp();
  const closed = `http://127.0.0.1:${await closedPort()}`;
  const names = Object.keys(DEFAULT_ENDPOINTS) as ServiceName[];
  server = await startLiveServer({
    demo: false,
    smtpUrl: smtp.url,
    metadataEndpoints: Object.fromEntries(names.map((n) => [n, `${closed}/${n}`])),
  });
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  mkdirSync(SCREENSHOTS, { recursive: true });
  alice = await open();
  bob = await open();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await smtp?.close();
});

const deliver = () => deliverDueMails(server.t.db, server.t.deps.mailer, pino({ level: "silent" }));

describe.sequential("the whole path, in Chromium", () => {
  it("signs up two researchers, each confirmed by the mail the SMTP server received", async () => {
    await signUp(alice, "alice_path");
    await signUp(bob, "bob_path");
  });

  it("adds a paper by hand while the metadata services can't be reached", async () => {
    const { page } = alice;
    await page.goto(`${server.url}/papers/new?id=${ARXIV_ID}`);
    await page.click("form[action='/papers'] button[type=submit]");
    // The status page settles (it reloads itself) on the by-hand form, filled in.
    const manual = page.locator("form[action='/papers/manual']");
    await manual.waitFor();
    expect(await page.textContent("main")).toMatch(/could not be reached|couldn.t be reached/i);
    expect(await manual.locator("[name=identifier]").inputValue()).toContain(ARXIV_ID);
    await expectAxeClean(page);
    await manual.locator("[name=title]").fill("Invertible layers for memory-free backpropagation");
    await manual.locator("[name=authors]").fill("Ada Example\nGrace Sample");
    await manual.locator("[name=year]").fill("2024");
    await manual.locator("button[type=submit]").click();
    expect(await page.textContent("h1")).toContain("Invertible layers");
    expect(await page.textContent("main")).toContain("entered by hand");
    paperPath = new URL(page.url()).pathname;
  });

  it("writes a summary with math, watches the preview typeset it, and publishes", async () => {
    const { page } = alice;
    await page.click("a:has-text('Add a summary')");
    await page.locator("#summary-source").click();
    await page.locator("#summary-source").fill(SUMMARY);
    // The preview is typeset in the browser, as the text changes.
    await page.locator("#preview-body .katex").nth(3).waitFor();
    expect(await page.locator("#preview-body .katex-display").count()).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}/path-editor-preview.png`, fullPage: true });
    await expectAxeClean(page);
    await page.click("button[name=intent][value=publish]");
    // Publishing lands on the summary's permalink, typeset on the server.
    summaryId = Number(/^\/summary\/(\d+)$/.exec(new URL(page.url()).pathname)?.[1]);
    expect(summaryId).toBeGreaterThan(0);
    const article = page.locator(`#summary-${summaryId}`);
    expect(await article.locator(".katex").count()).toBeGreaterThanOrEqual(4);
    expect(await article.locator(".katex-display").count()).toBe(1);
  });

  it("a second user votes, withdraws, votes again, and comments", async () => {
    const { page } = bob;
    await page.goto(server.url + paperPath);
    const up = page.locator(`#summary-${summaryId} button[data-vote="1"]`);
    const score = page.locator(`[data-score-for="${summaryId}"]`);
    await up.click();
    await expect.poll(() => up.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => score.textContent()).toContain("+1");
    await up.click();
    await expect.poll(() => up.getAttribute("aria-pressed")).toBe("false");
    await expect.poll(() => score.textContent()).toContain("0");
    await up.click();
    await expect.poll(() => up.getAttribute("aria-pressed")).toBe("true");
    const form = page.locator(`#comments-${summaryId} form.comment-form`);
    await form.locator("textarea").fill("Does the $O(1)$ memory claim hold with batch norm?");
    await form.locator("button[type=submit]").first().click();
    const comment = page.locator(`#comments-${summaryId} .comment`).first();
    await comment.waitFor();
    expect(await comment.locator(".katex").count()).toBe(1);
  });

  it("the author receives the mail and sees the notifications", async () => {
    const report = await deliver();
    expect(report.sent).toBeGreaterThanOrEqual(1);
    const mails = await mailsTo("alice_path@example.org", 2);
    const about = mails.find((m) => m.text.includes("bob_path") || /comment/i.test(m.subject));
    expect(about).toBeDefined();
    expect(about?.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    const { page } = alice;
    await page.goto(server.url + paperPath);
    expect(await page.textContent("nav.account")).toMatch(/Notifications\D*2|2 unread/);
    await page.click("nav.account a[href='/notifications']");
    const text = await page.textContent("main");
    expect(text).toContain("commented");
    expect(text).toMatch(/vote/);
    await page.screenshot({ path: `${SCREENSHOTS}/path-notifications.png`, fullPage: true });
    await expectAxeClean(page);
  });

  it("edits the summary; the history shows two revisions and their diff; restores the first", async () => {
    const { page } = alice;
    await page.goto(`${server.url}/summary/${summaryId}`);
    await page.click(`#summary-${summaryId} a:has-text('Edit')`);
    const source = page.locator("#summary-source");
    await source.fill(SUMMARY.replace("instead of $O(L)$", "rather than linear in depth"));
    await page.click("button[name=intent][value=publish]");
    const article = page.locator(`#summary-${summaryId}`);
    expect(await article.textContent()).toContain("rather than linear in depth");
    expect(await article.textContent()).toMatch(/edited/i);

    await page.goto(`${server.url}/summary/${summaryId}/history`);
    expect(await page.locator("table.revisions tbody tr").count()).toBe(2);
    const ins = await page.locator("ins").allTextContents();
    const del = await page.locator("del").allTextContents();
    expect(ins.join(" ")).toContain("rather");
    expect(del.join(" ")).toContain("instead");
    await page.screenshot({ path: `${SCREENSHOTS}/path-history.png`, fullPage: true });
    await expectAxeClean(page);

    await page.locator("form[action*='/restore'] button[type=submit]").last().click();
    await page.goto(`${server.url}/summary/${summaryId}`);
    expect(await page.locator(`#summary-${summaryId}`).textContent()).toContain("instead of");
    await page.goto(`${server.url}/summary/${summaryId}/history`);
    expect(await page.locator("table.revisions tbody tr").count()).toBe(3);
  });

  it("a private summary stays on the paper page with its absolute link and a Copy button", async () => {
    const { page, context } = bob;
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await page.goto(`${server.url}${paperPath}/write`);
    await page
      .locator("#summary-source")
      .fill(`${SUMMARY}\n\nMy own notes, for me and a few colleagues.`);
    await page.check("#summary-private");
    await page.click("button[name=intent][value=publish]");
    expect(new URL(page.url()).pathname).toBe(paperPath);
    const link = await page.locator("#share-link").inputValue();
    // Absolute, from BASE_URL, with the 128-bit token.
    expect(link).toMatch(/^http:\/\/localhost\/shared\/[A-Za-z0-9_-]{22,}$/);
    await page.click("button.copy-link");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await expectAxeClean(page);
    // A reader with the link (not logged in) reads it, and every link on its page works.
    const reader = await open();
    await reader.page.goto(onServer(link));
    expect(await reader.page.textContent("main")).toContain("My own notes");
    const hrefs = await reader.page
      .locator("main a[href]")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) {
      const res = await reader.page.request.get(href);
      expect(res.status(), href).toBeLessThan(400);
    }
    await reader.context.close();
  });

  it("every other new page passes axe, in light and dark", async () => {
    const mails = await mailsTo("alice_path@example.org", 2);
    const unsubscribe = mails
      .flatMap((m) => smtp.linksIn(m))
      .find((l) => l.includes("/unsubscribe"));
    expect(unsubscribe).toBeDefined();
    const comment = await server.t.db
      .selectFrom("comments")
      .select("id")
      .where("summary_id", "=", summaryId)
      .executeTakeFirstOrThrow();
    const visits: [Opened, string][] = [
      [alice, `/summary/${summaryId}/delete`],
      [alice, "/user/alice_path/private"],
      [
        alice,
        new URL(onServer(unsubscribe as string)).pathname + new URL(unsubscribe as string).search,
      ],
      [bob, `/comment/${comment.id}/edit`],
      [bob, `/report/summary/${summaryId}`],
    ];
    for (const [who, path] of visits) {
      const res = await who.page.goto(server.url + path);
      expect(res?.status(), path).toBe(200);
      await expectAxeClean(who.page);
    }
  });

  it("met no script error, CSP report or failed request on the way", () => {
    // The one expected: the add-paper status page answers 503 while it says the services
    // can't be reached (it offers the form by hand all the same).
    const expected = (e: string) => /503 .*\/papers\/new\/status\?/.test(e);
    expect(alice.errors.filter((e) => !expected(e))).toEqual([]);
    expect(bob.errors).toEqual([]);
  });
});
