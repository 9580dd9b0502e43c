import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../src/auth/sessions.service";
import { axeViolations, describeViolations } from "../helpers/axe";
import { CHROMIUM_ARGS, findChromium } from "../helpers/chromium";
import { makeAccount, makePaper } from "../helpers/factories";
import { type LiveServer, startLiveServer } from "../helpers/live-server";

// The editor's live preview in Chromium: the browser bundle of src/render typesets as you
// type (no page load), the draft survives a reload, leaving unsaved text asks first, tabs on
// a phone, and axe finds nothing on the page.

const SCREENSHOTS = "test-results/screenshots";

let server: LiveServer;
let browser: Browser;
let writePath: string;
let cookie: { name: string; value: string; url: string };

beforeAll(async () => {
  // The bundle the page loads must be the current src/render (the app reads it at start).
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  server = await startLiveServer({ demo: false });
  const account = await makeAccount(server.t.db);
  const paper = await makePaper(server.t.db, { title: "Reversible networks" });
  writePath = `/paper/arxiv/${paper.arxiv}/write`;
  const value = await startSession(server.t.db, account.id, "e2e");
  cookie = { name: "ss_session", value, url: server.url };
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Opened {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

async function openEditor(
  viewport = { width: 1400, height: 900 },
  colorScheme: "light" | "dark" = "light",
): Promise<Opened> {
  const context = await browser.newContext({ viewport, colorScheme });
  await context.addCookies([cookie]);
  const page = await context.newPage();
  const errors: string[] = [];
  // A CSP violation (an inline script or handler) is reported as a console error.
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${m.text()} ${m.location().url}`);
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  const res = await page.goto(server.url + writePath, { waitUntil: "load" });
  expect(res?.status()).toBe(200);
  return { context, page, errors };
}

describe("the editor in a real browser", () => {
  it("typesets the preview as you type, without a page load; lists math errors", async () => {
    const { context, page, errors } = await openEditor();
    // A mark on this document: a page load would drop it.
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    expect(await page.locator("#preview-body .katex").count()).toBe(0);
    await page.locator("#summary-source").click();
    await page.keyboard.type("Energy: $E = mc^2$ and $\\frac{a}{b}$.");
    await page.locator("#preview-body .katex").first().waitFor();
    expect(await page.locator("#preview-body .katex").count()).toBe(2);
    expect(await page.locator("#preview-body .katex math").count()).toBe(2);
    expect(await page.evaluate(() => "notReloaded" in window)).toBe(true);

    await page.keyboard.type(" Broken $\\frac{n}{$ here.");
    await page.locator("#preview-issues .math-issues li").waitFor();
    expect(await page.locator("#preview-issues").textContent()).toContain(
      "Unexpected end of input",
    );
    expect(await page.locator("#summary-count").textContent()).toMatch(/needs at least 200/);

    const violations = await axeViolations(page);
    expect(describeViolations(violations)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/editor-preview.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("keeps a draft across a reload, and asks before leaving unsaved text", async () => {
    const { context, page } = await openEditor();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.type());
      void d.accept();
    });
    const text = "A draft with $x_1$ that must survive.";
    await page.locator("#summary-source").click();
    await page.keyboard.type(text);
    await page.locator("#preview-body .katex").first().waitFor();
    await page.reload({ waitUntil: "load" });
    expect(dialogs).toEqual(["beforeunload"]);
    expect(await page.locator("#summary-source").inputValue()).toBe(text);
    expect(await page.locator("#draft-status").isVisible()).toBe(true);
    await page.locator("#preview-body .katex").first().waitFor();
    // Discarding puts the stored text (none) back, and leaving no longer asks.
    await page.locator("#draft-discard").click();
    expect(await page.locator("#summary-source").inputValue()).toBe("");
    await page.reload({ waitUntil: "load" });
    expect(dialogs).toEqual(["beforeunload"]);
    expect(await page.locator("#summary-source").inputValue()).toBe("");
    await context.close();
  });

  it("on a phone, dark: tabs switch between the text and the preview; no axe violations", async () => {
    const { context, page, errors } = await openEditor({ width: 390, height: 800 }, "dark");
    const preview = page.locator("#editor-preview");
    const write = page.locator("#editor-write");
    expect(await preview.isVisible()).toBe(false);
    await page.locator("#summary-source").fill("Phone: $\\sqrt{2}$");
    await page.locator("#tab-preview").click();
    expect(await write.isVisible()).toBe(false);
    await page.locator("#preview-body .katex").first().waitFor();
    expect(await page.locator("#tab-preview").getAttribute("aria-selected")).toBe("true");
    const violations = await axeViolations(page);
    expect(describeViolations(violations)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/editor-phone-preview.png`, fullPage: true });
    await page.locator("#tab-write").click();
    expect(await write.isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
