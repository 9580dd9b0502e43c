import type { Kysely } from "kysely";
import { type Browser, chromium } from "playwright-core";
import type { Database } from "../../src/db/schema";
import { CHROMIUM_ARGS, findChromium } from "./chromium";
import { makePaper } from "./factories";
import type { LiveServer } from "./live-server";
import { testRender } from "./test-app";

// Every payload goes into every user-writable field (summary, comment, display name, bio),
// then a real browser opens every page where those fields appear and records any dialog,
// any call to alert/confirm/prompt, and every CSP violation the page reports.

const RECORDER = `
  window.__xss = [];
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => { window.__xss.push(name + ":" + args.join(",")); };
  }
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__xss.push("csp:" + e.violatedDirective + ":" + e.blockedURI);
  });
`;

export async function seedPayloads(db: Kysely<Database>, payloads: string[]) {
  const paper = await makePaper(db, { title: "A paper full of hostile text" });
  const now = new Date().toISOString();
  const usernames: string[] = [];
  for (const [i, payload] of payloads.entries()) {
    const username = `xss_${i}`;
    const bio = (await testRender(payload)).html;
    const user = await db
      .insertInto("users")
      .values({
        username,
        username_key: username,
        display_name: payload,
        bio: payload,
        bio_html: bio,
        orcid: null,
        email: null,
        role: "user",
        created_at: now,
        password_hash: null,
        email_key: null,
        email_verified_at: now,
        pending_email: null,
        banned_at: null,
        deleted_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const html = (await testRender(payload)).html;
    const summary = await db
      .insertInto("summaries")
      .values({
        paper_id: paper.id,
        user_id: user.id,
        source: payload,
        html,
        renderer_version: 0,
        math_count: 0,
        math_errors: 0,
        is_private: 0,
        is_anonymous: 0,
        share_token: `tok${i}`.padEnd(22, "x"),
        paper_version: null,
        score: 0,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("comments")
      .values({
        summary_id: summary.id,
        user_id: user.id,
        source: payload,
        html,
        renderer_version: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
    usernames.push(username);
  }
  await db
    .updateTable("content_version")
    .set({ version: Date.now() % 1_000_000_000 })
    .execute();
  return { paperPath: `/paper/arxiv/${paper.arxiv}`, usernames, count: payloads.length };
}

export interface XssReport {
  pages: number;
  dialogs: string[];
  recorded: string[];
  externalRequests: string[];
}

export async function visitAll(server: LiveServer, paths: string[]): Promise<XssReport> {
  const browser: Browser = await chromium.launch({
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
  });
  const report: XssReport = { pages: 0, dialogs: [], recorded: [], externalRequests: [] };
  try {
    const context = await browser.newContext();
    await context.addInitScript(RECORDER);
    await context.route(
      (url) => !url.href.startsWith(server.url),
      (route) => {
        report.externalRequests.push(route.request().url());
        return route.abort();
      },
    );
    const page = await context.newPage();
    page.on("dialog", (d) => {
      report.dialogs.push(d.message());
      void d.dismiss();
    });
    for (const path of paths) {
      const res = await page.goto(server.url + path, { waitUntil: "load" });
      if (res?.status() !== 200) throw new Error(`${path}: ${res?.status()}`);
      // Let focus/timer-driven handlers (autofocus, ontoggle, meta refresh) get their chance.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
      const recorded =
        (await page.evaluate(() => (window as unknown as { __xss: string[] }).__xss)) ?? [];
      report.recorded.push(...recorded.map((r) => `${path}: ${r}`));
      report.pages++;
    }
  } finally {
    await browser.close();
  }
  return report;
}

/** The pages where the hostile fields appear: the paper page, every profile, every Recent page. */
export function pagesFor(seed: {
  paperPath: string;
  usernames: string[];
  count: number;
}): string[] {
  const recentPages = Math.ceil(seed.count / 5);
  return [
    seed.paperPath,
    ...seed.usernames.map((u) => `/user/${u}`),
    ...Array.from({ length: recentPages }, (_, i) =>
      i === 0 ? "/recent" : `/recent?page=${i + 1}`,
    ),
    "/summary/1",
  ];
}
