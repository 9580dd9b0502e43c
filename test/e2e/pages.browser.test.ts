import { mkdirSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, describeViolations } from "../helpers/axe";
import { CHROMIUM_ARGS, findChromium } from "../helpers/chromium";
import { type LiveServer, startLiveServer } from "../helpers/live-server";

const SCREENSHOTS = "test-results/screenshots";

let server: LiveServer;
let browser: Browser;

beforeAll(async () => {
  server = await startLiveServer();
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A 1×1 PNG: the test machine has no internet, so other hosts' images are answered locally. */
const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

async function openAndCheck(path: string, screenshot: string) {
  const page: Page = await browser.newPage();
  const external: string[] = [];
  await page.route(
    (url) => !url.href.startsWith(server.url),
    (route) => {
      external.push(route.request().url());
      return route.fulfill({ status: 200, contentType: "image/png", body: PIXEL });
    },
  );
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  const failed: string[] = [];
  page.on("requestfailed", (r) => {
    if (r.url().startsWith(server.url)) failed.push(r.url());
  });
  const res = await page.goto(server.url + path, { waitUntil: "load" });
  expect(res?.status()).toBe(200);
  await page.evaluate(() => document.fonts.ready);

  const math = await page.evaluate(() => ({
    katex: document.querySelectorAll(".katex").length,
    mathml: document.querySelectorAll(".katex math").length,
    errors: document.querySelectorAll(".katex-error, .math-error").length,
    katexFontLoaded: document.fonts.check("16px KaTeX_Main"),
  }));

  const violations = await axeViolations(page);

  await page.screenshot({ path: `${SCREENSHOTS}/${screenshot}.png`, fullPage: true });
  await page.close();
  return { math, violations, consoleErrors, failed, external };
}

describe("in a real browser", () => {
  it("home page: math typeset, no console errors, no accessibility violations", async () => {
    const r = await openAndCheck("/", "home");
    expect(r.math.katex).toBeGreaterThan(0);
    expect(r.math.errors).toBe(0);
    expect(r.consoleErrors).toEqual([]);
    expect(r.failed).toEqual([]);
    expect(r.violations, describeViolations(r.violations).join("\n")).toEqual([]);
  });

  it("RevNet paper page: every expression typeset with KaTeX's own fonts", async () => {
    const r = await openAndCheck("/paper/arxiv/1707.04585", "paper-revnet");
    expect(r.math.katex).toBeGreaterThan(5);
    expect(r.math.mathml).toBe(r.math.katex);
    expect(r.math.errors).toBe(0);
    expect(r.math.katexFontLoaded).toBe(true);
    // The demo's images come from another host: only images may be fetched from elsewhere.
    expect(r.external.every((u) => u.startsWith("https://upload.wikimedia.org/"))).toBe(true);
    expect(r.consoleErrors).toEqual([]);
    expect(r.failed).toEqual([]);
    expect(r.violations, describeViolations(r.violations).join("\n")).toEqual([]);
  });

  it("search pages: results with highlights, light and dark, no accessibility violations", async () => {
    const found: string[] = [];
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      for (const path of ["/search", "/search?q=network", "/search?q=network&type=summaries"]) {
        const res = await page.goto(server.url + path, { waitUntil: "load" });
        expect(res?.status(), path).toBe(200);
        if (path.includes("q="))
          expect(await page.locator("mark").count(), path).toBeGreaterThan(0);
        found.push(
          ...describeViolations(await axeViolations(page)).map(
            (v) => `${colorScheme} ${path}: ${v}`,
          ),
        );
      }
      await page.screenshot({ path: `${SCREENSHOTS}/search-${colorScheme}.png`, fullPage: true });
      await context.close();
    }
    expect(found).toEqual([]);
  });
});
