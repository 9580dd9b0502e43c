// The owner's "Private and anonymous" tab shows each summary whole, so it is read a page at a
// time: an account with hundreds (an import of the original site's) would be one huge page.
// On SQLite and, with TEST_DATABASE_URL, PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROFILE_SUMMARIES_PAGE_SIZE } from "../../src/core/limits";
import { makePaper, makeSummary } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe("the owner's private tab, a page at a time", () => {
  it("shows 20 summaries a page, newest change first, each once; deleted ones on the first", async () => {
    const { acct, client } = await logInNewAccount(t);
    const ids: number[] = [];
    for (let i = 0; i < PROFILE_SUMMARIES_PAGE_SIZE + 3; i++) {
      const paper = await makePaper(t.db);
      ids.push(
        await makeSummary(t.db, paper.id, acct.id, {
          isPrivate: i % 2 === 0,
          isAnonymous: i % 2 === 1,
        }),
      );
    }
    const listed = await makeSummary(t.db, (await makePaper(t.db)).id, acct.id);
    const gone = await makeSummary(t.db, (await makePaper(t.db)).id, acct.id, { isPrivate: true });
    await t.db
      .updateTable("summaries")
      .set({ deleted_at: new Date().toISOString() })
      .where("id", "=", gone)
      .execute();
    const tab = `/user/${acct.username}/private`;
    const shown = (html: string) =>
      [...html.matchAll(/href="\/summary\/(\d+)\/history"/g)].map((m) => Number(m[1]));
    const first = await (await client.get(tab)).text();
    const second = await (await client.get(`${tab}?page=2`)).text();
    expect([...shown(first), ...shown(second)]).toEqual(ids.slice().reverse());
    expect(shown(first)).toHaveLength(PROFILE_SUMMARIES_PAGE_SIZE);
    for (const html of [first, second]) {
      expect(html).toContain(`${ids.length} private or anonymous summaries`);
      expect(html).not.toContain(`href="/summary/${listed}/history"`);
    }
    expect(first).toContain(`rel="next" href="${tab}?page=2"`);
    expect(first).toContain(`action="/summary/${gone}/restore"`);
    expect(second).not.toContain("Deleted summaries");
    expect((await client.get(`${tab}?page=3`)).status).toBe(404);
    const { client: other } = await logInNewAccount(t);
    expect((await other.get(`${tab}?page=2`)).status).toBe(404);
  });
});
