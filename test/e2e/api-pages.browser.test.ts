import { HtmlValidate } from "html-validate";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/auth/api-tokens.service";
import { startSession } from "../../src/auth/sessions.service";
import { axeViolations, describeViolations } from "../helpers/axe";
import { CHROMIUM_ARGS, findChromium } from "../helpers/chromium";
import { makeAccount } from "../helpers/factories";
import { type LiveServer, startLiveServer } from "../helpers/live-server";

// The API's pages in a real browser, light and dark: /api (the docs), Settings with its API
// tokens section, and the page that shows a new token once. Axe-clean and valid HTML; the
// token form works without JavaScript (a plain POST).

let server: LiveServer;
let browser: Browser;
let session: string;

const validator = new HtmlValidate({
  extends: ["html-validate:standard"],
  rules: { "no-inline-style": "off", "unrecognized-char-ref": "off" },
});

beforeAll(async () => {
  server = await startLiveServer();
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const acct = await makeAccount(server.t.db);
  await createApiToken(server.t.db, acct.id, { name: "Existing <token>", scope: "read" });
  session = await startSession(server.t.db, acct.id, "browser test");
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(scheme: "light" | "dark", loggedIn: boolean) {
  const context = await browser.newContext({ colorScheme: scheme });
  if (loggedIn) {
    await context.addCookies([{ name: "ss_session", value: session, url: server.url }]);
  }
  return context.newPage();
}

async function checkPage(page: Awaited<ReturnType<typeof open>>) {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(violations).join("\n")).toEqual([]);
  const report = await validator.validateString(await page.content());
  const messages = report.results.flatMap((r) =>
    r.messages.map((m) => `${m.ruleId}: ${m.message}`),
  );
  // Settings' e-mail and deletion forms share id "field-password" (before the API section
  // existed; reported); anything else is this page's own.
  expect(messages.filter((m) => m !== 'no-dup-id: Duplicate ID "field-password"')).toEqual([]);
}

describe("the API's pages", () => {
  for (const scheme of ["light", "dark"] as const) {
    it(`/api is readable and accessible (${scheme})`, async () => {
      const page = await open(scheme, false);
      const res = await page.goto(`${server.url}/api`);
      expect(res?.status()).toBe(200);
      expect(await page.locator('a[href="/api/openapi.json"]').count()).toBeGreaterThan(0);
      await checkPage(page);
      await page.context().close();
    });

    it(`Settings lists tokens, makes one and shows it once (${scheme})`, async () => {
      const page = await open(scheme, true);
      await page.goto(`${server.url}/settings`);
      expect(await page.locator("#api-tokens").count()).toBe(1);
      expect(await page.content()).toContain("Existing &lt;token&gt;");
      await checkPage(page);
      await page.fill("#field-name", `Browser ${scheme}`);
      await page.check("#token-scope-write");
      await Promise.all([
        page.waitForURL(/\/settings\/api-tokens$/),
        page.click("text=Create token"),
      ]);
      const token = await page.inputValue("#api-token");
      expect(token).toMatch(/^ss_[A-Za-z0-9_-]{43}$/);
      await checkPage(page);
      await page.goto(`${server.url}/settings`);
      expect(await page.content()).not.toContain(token);
      expect(await page.content()).toContain(`Browser ${scheme}`);
      await page.context().close();
    });
  }
});
