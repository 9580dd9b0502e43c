import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueAccountLink } from "../../src/auth/account-tokens";
import { axeViolations, describeViolations } from "../helpers/axe";
import { CHROMIUM_ARGS, findChromium } from "../helpers/chromium";
import { type LiveServer, startLiveServer } from "../helpers/live-server";

// Sign-up in Chromium (these pages load no script of ours): the form logs the browser in and lands on
// the welcome page; the confirmation link's page and its answer, light and dark, pass axe.

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

async function expectAxeClean(page: Page) {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(violations).join("\n")).toEqual([]);
}

/** A new confirmation link for the account (the mailed one went to the test outbox). */
async function linkFor(username: string): Promise<string> {
  const user = await server.t.db
    .selectFrom("users")
    .select(["id", "pending_email"])
    .where("username_key", "=", username.toLowerCase())
    .executeTakeFirstOrThrow();
  return issueAccountLink(server.t.db, server.url, {
    userId: user.id,
    purpose: "verify_email",
    email: user.pending_email,
  });
}

describe("sign-up in a real browser", () => {
  for (const colorScheme of ["light", "dark"] as const) {
    it(`signs up, is welcomed, confirms from another browser (${colorScheme})`, async () => {
      const name = `browser_${colorScheme}_${Math.random().toString(36).slice(2, 7)}`;
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(`${server.url}/signup?next=%2Fvenues`);
      await expectAxeClean(page);
      await page.fill("#field-username", name);
      await page.fill("#field-email", `${name}@example.org`);
      await page.fill("#field-password", "a fine long password");
      await page.click("form[action^='/signup'] button[type=submit]");
      expect(new URL(page.url()).pathname).toBe("/signup/welcome");
      expect(await page.textContent("main")).toContain(`We sent a link to ${name}@example.org`);
      await expectAxeClean(page);

      const link = await linkFor(name);
      const other = await browser.newContext({ colorScheme });
      const phone = await other.newPage();
      await phone.goto(link);
      expect(await phone.textContent("main")).toContain(`the account ${name}`);
      await expectAxeClean(phone);
      await phone.click("form[action^='/verify'] button[type=submit]");
      expect(await phone.textContent("main")).toContain("Address confirmed");
      await expectAxeClean(phone);
      await context.close();
      await other.close();
    });
  }
});
