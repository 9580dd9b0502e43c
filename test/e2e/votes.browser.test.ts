import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../src/auth/sessions.service";
import { axeViolations } from "../helpers/axe";
import { CHROMIUM_ARGS, findChromium } from "../helpers/chromium";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { type LiveServer, startLiveServer } from "../helpers/live-server";

// Issue 10, point 4 in a real browser: public/votes.js posts the vote form with fetch, and
// the score and the pressed button change in place, without a navigation.

/** axe's violations on the page as it is, in light and in dark. */
async function axeInBothSchemes(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    found.push(...(await axeViolations(page)).map((v) => `${scheme}: ${v.id}`));
  }
  return found;
}

let server: LiveServer;
let browser: Browser;

beforeAll(async () => {
  server = await startLiveServer({ demo: false });
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const scoreOf = async (id: number) =>
  (
    await server.t.db
      .selectFrom("summaries")
      .select("score")
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).score;

async function voterPage(): Promise<Page> {
  const voter = await makeAccount(server.t.db);
  const context = await browser.newContext();
  await context.addCookies([
    {
      name: "ss_session",
      value: await startSession(server.t.db, voter.id, "browser"),
      url: server.url,
    },
  ]);
  return context.newPage();
}

describe("vote buttons in Chromium", () => {
  it("vote, show the vote and the score without a navigation, and withdraw on a second click", async () => {
    const author = await makeUser(server.t.db);
    const paper = await makePaper(server.t.db);
    const id = await makeSummary(server.t.db, paper.id, author.id);
    const page = await voterPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("response", (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    let navigations = 0;
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    await page.goto(`${server.url}/paper/arxiv/${paper.arxiv}`, { waitUntil: "load" });
    expect(navigations).toBe(1);

    const up = page.locator(`#summary-${id} button[data-vote="1"]`);
    const down = page.locator(`#summary-${id} button[data-vote="-1"]`);
    const number = page.locator(`[data-score-for="${id}"]`);
    const score = {
      textContent: () => number.evaluate((el) => el.lastChild?.nodeValue ?? ""),
    };
    expect(await up.getAttribute("aria-pressed")).toBe("false");
    expect(await score.textContent()).toBe("0");

    // Answered by the vote route's JSON, which the script asks for.
    const answer = page.waitForResponse((r) => r.url().endsWith(`/summary/${id}/vote`));
    await up.click();
    const res = await answer;
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ score: 1, vote: 1 });
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute("aria-pressed") === "true",
      `#summary-${id} button[data-vote="1"]`,
    );
    expect(await score.textContent()).toBe("+1");
    expect(await down.getAttribute("aria-pressed")).toBe("false");
    expect(await scoreOf(id)).toBe(1);
    // The pressed state reads as such to everyone.
    expect(await axeInBothSchemes(page)).toEqual([]);

    // Down replaces up.
    await down.click();
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute("aria-pressed") === "true",
      `#summary-${id} button[data-vote="-1"]`,
    );
    expect(await up.getAttribute("aria-pressed")).toBe("false");
    expect(await score.textContent()).toBe("-1");

    // The second click on the pressed button withdraws.
    await down.click();
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute("aria-pressed") === "false",
      `#summary-${id} button[data-vote="-1"]`,
    );
    expect(await score.textContent()).toBe("0");
    expect(await scoreOf(id)).toBe(0);
    expect(navigations).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("keep the page as it is and show the message when the vote is refused", async () => {
    const author = await makeUser(server.t.db);
    const paper = await makePaper(server.t.db);
    const id = await makeSummary(server.t.db, paper.id, author.id);
    const page = await voterPage();
    await page.goto(`${server.url}/summary/${id}`, { waitUntil: "load" });
    // A form whose token no longer matches the session (as after logging out elsewhere).
    await page
      .locator(`#summary-${id} form.vote-form input[name="_csrf"]`)
      .evaluate((input: HTMLInputElement) => {
        input.value = "x".repeat(43);
      });
    await page.locator(`#summary-${id} button[data-vote="1"]`).click();
    const error = page.locator(`#summary-${id} .vote-error`);
    await error.filter({ hasText: "expired" }).waitFor();
    expect(
      await page.locator(`#summary-${id} button[data-vote="1"]`).getAttribute("aria-pressed"),
    ).toBe("false");
    expect(
      await page.locator(`[data-score-for="${id}"]`).evaluate((el) => el.lastChild?.nodeValue),
    ).toBe("0");
    expect(page.url()).toBe(`${server.url}/summary/${id}`);
    expect(await scoreOf(id)).toBe(0);
    await page.context().close();
  });
});
