import type { CompiledQuery, Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "../../src/core/current-user";
import type { Database } from "../../src/db/schema";
import { saveSummary } from "../../src/summaries/summary-write.service";
import type { TestClient } from "../helpers/client";
import { makePaper } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { publishSummary } from "../helpers/publish-summary";
import { createTestApp, type TestApp, testRender } from "../helpers/test-app";

// A save of an existing summary reads it, then writes a new revision in a transaction of its
// own: the author may delete the summary in between (another tab). The save must not write
// its text into the deleted row, where nobody sees it; it publishes the text as a save that
// found the summary deleted does: anew, the deleted one gone for good. The save is held right
// after it read the summary (its database handle holds that read's answer).
// Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const PAD = " It compresses the cache of keys and values and keeps the accuracy.".repeat(4);
type Paper = Awaited<ReturnType<typeof makePaper>>;

async function publish(client: TestClient, paper: Paper, source: string) {
  expect((await publishSummary(client, paper, source)).status).toBe(303);
}

/**
 * `db`, except that the answer of its first read of an author's own summary (findOwnSummary,
 * outside any transaction: a transaction's handle is another object) waits for `release()`.
 */
function holdOwnSummaryRead(db: Kysely<Database>) {
  let release: () => void = () => {};
  let reached: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const read = new Promise<void>((resolve) => {
    reached = resolve;
  });
  let taken = false;
  const held = new Proxy(db, {
    get(target, prop) {
      if (prop === "executeQuery")
        return async (query: CompiledQuery) => {
          const result = await target.executeQuery(query);
          if (!taken && query.sql.includes('"share_token", "deleted_at" from "summaries"')) {
            taken = true;
            reached();
            await gate;
          }
          return result;
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: held, read, release };
}

describe("saving a summary while its author deletes it", () => {
  it("publishes the text anew instead of writing it into the deleted row", async () => {
    const paper = await makePaper(t.db);
    const { acct, client } = await logInNewAccount(t);
    await publish(client, paper, `The first text.${PAD}`);
    const first = await t.db
      .selectFrom("summaries")
      .selectAll()
      .where("paper_id", "=", paper.id)
      .executeTakeFirstOrThrow();
    const user: CurrentUser = {
      id: acct.id,
      username: acct.username,
      displayName: acct.username,
      role: "user",
      emailVerified: true,
      sessionId: 0,
      csrfToken: "",
    };

    const hold = holdOwnSummaryRead(t.db);
    const saving = saveSummary(hold.db, testRender, user, {
      paperId: paper.id,
      source: `The second text.${PAD}`,
      isPrivate: false,
      isAnonymous: false,
    });
    await hold.read;
    await client.get(`/summary/${first.id}/delete`);
    expect((await client.post(`/summary/${first.id}/delete`, {})).status).toBe(303);
    hold.release();
    const savedId = await saving;

    const rows = await t.db
      .selectFrom("summaries")
      .selectAll()
      .where("paper_id", "=", paper.id)
      .execute();
    expect(rows).toHaveLength(1);
    const saved = rows[0];
    expect(saved?.id).toBe(savedId);
    expect(saved?.id).not.toBe(first.id);
    expect(saved?.deleted_at).toBeNull();
    expect(saved?.source).toBe(`The second text.${PAD}`);
    // Readers find it on the paper's page.
    const page = await (await t.get(`/paper/arxiv/${paper.arxiv}`)).text();
    expect(page).toContain("The second text.");
  });
});
