// Issue 11, point 2 in a real browser: the home page's cards at 1280 px — the page height
// (it was ~11,000 px with five summaries in full), headings below the card titles, and axe in
// light and dark.
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOME_PAGE_SIZE } from "../../src/core/limits";
import { axeViolations, describeViolations } from "../helpers/axe";
import { CHROMIUM_ARGS, findChromium } from "../helpers/chromium";
import { type LiveServer, startLiveServer } from "../helpers/live-server";
import { addLongSummaries } from "../helpers/summary-cards";

let server: LiveServer;
let browser: Browser;

beforeAll(async () => {
  server = await startLiveServer();
  await addLongSummaries(server.t.db, "econ", HOME_PAGE_SIZE);
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Measured at 1280 px: 2,305 px for the demo's five cards, 1,672 px for five generated
 * math-dense ones (each ~100 KB typeset: one in full is taller than this whole page).
 */
const MAX_HEIGHT_PX = 3_500;

async function open(path: string, colorScheme: "light" | "dark") {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme });
  // No internet here: other hosts' images get an empty answer.
  await page.route(
    (url) => !url.href.startsWith(server.url),
    (route) => route.fulfill({ status: 204 }),
  );
  const res = await page.goto(server.url + path, { waitUntil: "load" });
  expect(res?.status()).toBe(200);
  await page.evaluate(() => document.fonts.ready);
  return page;
}

describe("summary cards at 1280 px (home page, profile)", () => {
  for (const path of ["/", "/best?section=econ", "/user/mkestrel"]) {
    for (const scheme of ["light", "dark"] as const) {
      it(`${path} (${scheme}): short, typeset, headings below titles, axe-clean`, async () => {
        const page = await open(path, scheme);
        const m = await page.evaluate(() => {
          const size = (el: Element) => Number.parseFloat(getComputedStyle(el).fontSize);
          const titles = [...document.querySelectorAll(".cards .summary-paper")].map(size);
          const inExcerpts = [
            ...document.querySelectorAll(
              ".cards .excerpt :is(h1, h2, h3, h4, h5, h6, .excerpt-heading)",
            ),
          ].map(size);
          return {
            height: document.documentElement.scrollHeight,
            cards: document.querySelectorAll(".cards .summary").length,
            katex: document.querySelectorAll(".cards .excerpt .katex").length,
            minTitle: Math.min(...titles),
            maxHeading: Math.max(0, ...inExcerpts),
          };
        });
        const violations = await axeViolations(page);
        await page.close();
        // A profile lists all of its owner's summaries as cards; the home page a page of them.
        if (path.startsWith("/user/")) expect(m.cards).toBeGreaterThan(0);
        else {
          expect(m.cards).toBe(HOME_PAGE_SIZE);
          expect(m.katex).toBeGreaterThan(0);
        }
        expect(m.height).toBeLessThan(MAX_HEIGHT_PX);
        expect(m.maxHeading).toBeLessThan(m.minTitle);
        expect(violations, describeViolations(violations).join("\n")).toEqual([]);
      });
    }
  }
});
