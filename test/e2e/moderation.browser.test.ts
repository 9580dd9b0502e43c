import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../src/auth/sessions.service";
import { axeViolations, describeViolations } from "../helpers/axe";
import { CHROMIUM_ARGS, findChromium } from "../helpers/chromium";
import { makeAccount } from "../helpers/factories";
import { type LiveServer, startLiveServer } from "../helpers/live-server";

// Issue 10, point 8 in Chromium: the report form, the moderators' queue, the hidden tab and
// the audit log have no axe violations, in light and in dark, with content in them.

let server: LiveServer;
let browser: Browser;
let reporter: Page;
let admin: Page;
let summaryId: number;

async function pageAs(role: "user" | "admin"): Promise<Page> {
  const account = await makeAccount(server.t.db);
  await server.t.db.updateTable("users").set({ role }).where("id", "=", account.id).execute();
  const context = await browser.newContext();
  await context.addCookies([
    {
      name: "ss_session",
      value: await startSession(server.t.db, account.id, "browser"),
      url: server.url,
    },
  ]);
  return context.newPage();
}

async function violationsAt(page: Page, path: string): Promise<string[]> {
  const res = await page.goto(server.url + path, { waitUntil: "load" });
  expect(res?.status(), path).toBe(200);
  const found: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    found.push(...describeViolations(await axeViolations(page)).map((v) => `${scheme}: ${v}`));
  }
  return found;
}

beforeAll(async () => {
  server = await startLiveServer();
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  reporter = await pageAs("user");
  admin = await pageAs("admin");
  const rows = await server.t.db
    .selectFrom("summaries")
    .select("id")
    .where("is_private", "=", 0)
    .orderBy("id")
    .limit(2)
    .execute();
  summaryId = rows[0]?.id ?? 0;
  // Something in each list: a report through the form, a hidden summary, a log row.
  await reporter.goto(`${server.url}/report/summary/${summaryId}`);
  await reporter.check("#reason-plagiarism");
  await reporter.fill("#report-details", "Copied from another site.");
  await reporter.click("button[type=submit]:has-text('Send report')");
  await reporter.waitForSelector("text=Thank you");
  await admin.goto(`${server.url}/moderation`);
  const hidden = rows[1]?.id ?? 0;
  await admin.evaluate(async (id) => {
    const token = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
    await fetch(`/moderation/summary/${id}`, {
      method: "POST",
      body: new URLSearchParams({ _csrf: token, action: "hide" }),
    });
  }, hidden);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("moderation pages in Chromium", () => {
  it("report form: no axe violations, light and dark", async () => {
    expect(await violationsAt(reporter, `/report/summary/${summaryId}`)).toEqual([]);
    expect(await violationsAt(reporter, "/report/user/mkestrel")).toEqual([]);
  });

  it("queue, hidden tab and log: no axe violations, light and dark", async () => {
    const queue = await violationsAt(admin, "/moderation");
    expect(await admin.textContent("main")).toContain("Copied from another site.");
    expect(queue).toEqual([]);
    expect(await violationsAt(admin, "/moderation/hidden")).toEqual([]);
    expect(await admin.locator(".moderation-item").count()).toBe(1);
    expect(await violationsAt(admin, "/moderation/log")).toEqual([]);
    expect(await admin.textContent("main")).toContain("hide");
  });
});
