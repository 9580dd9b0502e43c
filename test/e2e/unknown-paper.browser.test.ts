import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../src/auth/sessions.service";
import { axeViolations, describeViolations } from "../helpers/axe";
import { CHROMIUM_ARGS, findChromium } from "../helpers/chromium";
import { makeAccount } from "../helpers/factories";
import { type LiveServer, startLiveServer } from "../helpers/live-server";

// The page a `\cite{…}` of an unknown paper leads to, as a browser shows it: axe-clean in
// light and dark, logged out (login links) and logged in ("Add it").

let server: LiveServer;
let browser: Browser;
let cookie: { name: string; value: string; url: string };

beforeAll(async () => {
  server = await startLiveServer({ demo: false });
  const user = await makeAccount(server.t.db);
  cookie = {
    name: "ss_session",
    value: await startSession(server.t.db, user.id, "e2e"),
    url: server.url,
  };
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the unknown paper page", () => {
  for (const scheme of ["light", "dark"] as const) {
    for (const who of ["reader", "user"] as const) {
      it(`${scheme}, ${who}: no axe violations`, async () => {
        const context = await browser.newContext({ colorScheme: scheme });
        if (who === "user") await context.addCookies([cookie]);
        const page = await context.newPage();
        const res = await page.goto(`${server.url}/paper/doi/10.1234/abc.5`, { waitUntil: "load" });
        expect(res?.status()).toBe(404);
        expect(await page.locator("h1").count()).toBe(1);
        const button = page.getByRole("button", { name: "Add it" });
        expect(await button.count()).toBe(who === "user" ? 1 : 0);
        expect(describeViolations(await axeViolations(page))).toEqual([]);
        await context.close();
      });
    }
  }
});
