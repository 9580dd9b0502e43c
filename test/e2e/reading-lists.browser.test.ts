import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../src/auth/sessions.service";
import { axeViolations, describeViolations } from "../helpers/axe";
import { CHROMIUM_ARGS, findChromium } from "../helpers/chromium";
import { makeAccount } from "../helpers/factories";
import { type LiveServer, startLiveServer } from "../helpers/live-server";

// Issue 11, point 7 in Chromium: a list made and filled through its forms (no script), then
// the index, the list (owner and reader) and the add form have no axe violations, light and
// dark.

let server: LiveServer;
let browser: Browser;
/** The owner without JavaScript (the forms) and with it (axe runs in the page). */
let ownerNoJs: Page;
let owner: Page;
let reader: Page;
let username: string;

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
  server = await startLiveServer({ demo: true });
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const account = await makeAccount(server.t.db);
  username = account.username;
  const session = await startSession(server.t.db, account.id, "browser");
  const pageFor = async (javaScriptEnabled: boolean) => {
    const context = await browser.newContext({ javaScriptEnabled });
    await context.addCookies([{ name: "ss_session", value: session, url: server.url }]);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  };
  ownerNoJs = await pageFor(false);
  owner = await pageFor(true);
  reader = await (await browser.newContext()).newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("reading lists in Chromium", () => {
  it("made and filled through the forms without JavaScript; axe-clean, light and dark", async () => {
    await ownerNoJs.goto(`${server.url}/user/${username}/lists`);
    await ownerNoJs.fill("#new-list-name", "Transformers");
    await ownerNoJs.check("#new-list-public");
    await ownerNoJs.click("button:has-text('Create list')");
    expect(ownerNoJs.url()).toBe(`${server.url}/user/${username}/lists/transformers`);

    for (const paper of ["/paper/arxiv/1707.04585", "/paper/arxiv/1606.03432"]) {
      await ownerNoJs.goto(server.url + paper);
      await ownerNoJs.click("button:has-text('Add to reading list')");
      await ownerNoJs.fill("#add-note", `Why ${paper}`);
      await ownerNoJs.click("button:has-text('Add')");
    }
    expect(await ownerNoJs.locator(".list-item").count()).toBe(2);
    const before = await ownerNoJs.locator(".list-item-title").allTextContents();
    await ownerNoJs.locator(".list-item").nth(1).locator("button:has-text('Move up')").click();
    expect(await ownerNoJs.locator(".list-item-title").allTextContents()).toEqual(before.reverse());

    const path = `/user/${username}/lists/transformers`;
    expect(await violationsAt(owner, `/user/${username}/lists`)).toEqual([]);
    expect(await violationsAt(owner, path)).toEqual([]);
    const paperId = await server.t.db
      .selectFrom("reading_list_items")
      .select("paper_id")
      .executeTakeFirstOrThrow();
    expect(await violationsAt(owner, `/lists/add?paper=${paperId.paper_id}`)).toEqual([]);
    expect(await violationsAt(reader, path)).toEqual([]);
    expect(await violationsAt(reader, `/user/${username}/lists`)).toEqual([]);
  }, 60_000);
});
