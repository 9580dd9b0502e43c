import type { CompiledQuery, Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "../../src/core/current-user";
import type { RenderFn } from "../../src/core/render-contract";
import type { Database } from "../../src/db/schema";
import { restoreRevision } from "../../src/summaries/summary-restore.service";
import {
  SUMMARY_DELETED_WHILE_SAVING,
  saveSummary,
} from "../../src/summaries/summary-write.service";
import { createClient, type TestClient } from "../helpers/client";
import { makePaper } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { publishSummary } from "../helpers/publish-summary";
import { createTestApp, type TestApp, testRender } from "../helpers/test-app";

// A summary's writes that read before their transaction, while its author writes in between
// (another tab). Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
// - Restoring an older revision renders its text first, outside any transaction: what it
//   writes back must be the summary's privacy and anonymity as they are when it writes, not
//   as they were when it began (a summary made private while the restore rendered came back
//   public).
// - A save of an existing summary reads it, then writes a new revision: a summary deleted in
//   between must not get the text in its deleted row, where nobody sees it, nor be replaced
//   for good without its author being asked: the save is refused, and the editor keeps the
//   text (withFormErrors) beside the deleted summary's Restore.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const PAD = " It compresses the cache of keys and values and keeps the accuracy.".repeat(4);
type Paper = Awaited<ReturnType<typeof makePaper>>;

async function publish(client: TestClient, paper: Paper, source: string, extra = {}) {
  expect((await publishSummary(client, paper, source, extra)).status).toBe(303);
}

const summaryOf = (paper: Paper) =>
  t.db
    .selectFrom("summaries")
    .selectAll()
    .where("paper_id", "=", paper.id)
    .executeTakeFirstOrThrow();

/** A promise and the function that settles it. */
function signal(): { done: Promise<void>; give: () => void } {
  let give: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    give = resolve;
  });
  return { done, give };
}

/** A render that starts, then waits for `release()` before it answers. */
function heldRender() {
  const gate = signal();
  const started = signal();
  const render: RenderFn = async (source) => {
    started.give();
    await gate.done;
    return testRender(source);
  };
  return { render, begun: started.done, release: gate.give };
}

/** The account as the services see a logged-in user. */
function userOf(acct: { id: number; username: string }): CurrentUser {
  return {
    id: acct.id,
    username: acct.username,
    displayName: acct.username,
    role: "user",
    emailVerified: true,
    sessionId: 0,
    csrfToken: "",
  };
}

/** An author with two revisions of one summary; the first is the one to restore. */
async function authorWithTwoRevisions() {
  const paper = await makePaper(t.db);
  const { acct, client } = await logInNewAccount(t);
  await publish(client, paper, `The first text.${PAD}`);
  await publish(client, paper, `The second text.${PAD}`);
  const summary = await summaryOf(paper);
  const first = await t.db
    .selectFrom("summary_revisions")
    .select("id")
    .where("summary_id", "=", summary.id)
    .orderBy("id")
    .executeTakeFirstOrThrow();
  return { paper, client, user: userOf(acct), summary, firstRevision: first.id };
}

describe("restoring a revision while its author saves", () => {
  it("keeps a summary made private (and anonymous) during the restore so", async () => {
    const a = await authorWithTwoRevisions();
    const held = heldRender();
    const restoring = restoreRevision(t.db, held.render, a.user, a.summary.id, a.firstRevision);
    await held.begun;
    await publish(a.client, a.paper, `The third text.${PAD}`, { private: "1", anonymous: "1" });
    held.release();
    await restoring;

    const after = await summaryOf(a.paper);
    expect(after.source).toBe(`The first text.${PAD}`);
    expect(after.is_private).toBe(1);
    expect(after.is_anonymous).toBe(1);
    // Nobody else finds it: not on the paper page, not at its permalink.
    const reader = createClient(t);
    expect(await (await reader.get(`/paper/arxiv/${a.paper.arxiv}`)).text()).not.toContain(
      "The first text.",
    );
    expect((await reader.get(`/summary/${a.summary.id}`)).status).toBe(404);
  });

  it("makes public again only what its author made public during the restore", async () => {
    const a = await authorWithTwoRevisions();
    await publish(a.client, a.paper, `The second text, private.${PAD}`, { private: "1" });
    const held = heldRender();
    const restoring = restoreRevision(t.db, held.render, a.user, a.summary.id, a.firstRevision);
    await held.begun;
    await publish(a.client, a.paper, `The third text, public.${PAD}`);
    held.release();
    await restoring;

    const after = await summaryOf(a.paper);
    expect(after.source).toBe(`The first text.${PAD}`);
    expect(after.is_private).toBe(0);
  });

  it("refuses to restore a summary deleted during the restore, and changes nothing", async () => {
    const a = await authorWithTwoRevisions();
    const held = heldRender();
    const restoring = restoreRevision(t.db, held.render, a.user, a.summary.id, a.firstRevision);
    await held.begun;
    await a.client.get(`/summary/${a.summary.id}/delete`);
    expect((await a.client.post(`/summary/${a.summary.id}/delete`, {})).status).toBe(303);
    const deleted = await summaryOf(a.paper);
    held.release();
    await expect(restoring).rejects.toMatchObject({ code: "not_found" });

    const after = await summaryOf(a.paper);
    expect(after.deleted_at).toBe(deleted.deleted_at);
    expect(after.source).toBe(deleted.source);
    const revisions = await t.db
      .selectFrom("summary_revisions")
      .select("id")
      .where("summary_id", "=", a.summary.id)
      .execute();
    expect(revisions).toHaveLength(2);
  });
});

/**
 * `db`, except that the answer of its first read of an author's own summary (findOwnSummary,
 * outside any transaction: a transaction's handle is another object) waits for `release()`.
 */
function holdOwnSummaryRead(db: Kysely<Database>) {
  const gate = signal();
  const reached = signal();
  let taken = false;
  const held = new Proxy(db, {
    get(target, prop) {
      if (prop === "executeQuery")
        return async (query: CompiledQuery) => {
          const result = await target.executeQuery(query);
          if (!taken && query.sql.includes('"share_token", "deleted_at" from "summaries"')) {
            taken = true;
            reached.give();
            await gate.done;
          }
          return result;
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: held, read: reached.done, release: gate.give };
}

describe("saving a summary while its author deletes it", () => {
  it("refuses, and leaves the deleted summary as it was, for its author to decide", async () => {
    const paper = await makePaper(t.db);
    const { acct, client } = await logInNewAccount(t);
    await publish(client, paper, `The first text.${PAD}`);
    const first = await summaryOf(paper);
    const hold = holdOwnSummaryRead(t.db);
    const saving = saveSummary(hold.db, testRender, userOf(acct), {
      paperId: paper.id,
      source: `The second text.${PAD}`,
      isPrivate: false,
      isAnonymous: false,
    });
    await hold.read;
    await client.get(`/summary/${first.id}/delete`);
    expect((await client.post(`/summary/${first.id}/delete`, {})).status).toBe(303);
    const deleted = await summaryOf(paper);
    hold.release();
    await expect(saving).rejects.toMatchObject({
      code: "conflict",
      message: SUMMARY_DELETED_WHILE_SAVING,
    });

    const ids = await t.db
      .selectFrom("summaries")
      .select("id")
      .where("paper_id", "=", paper.id)
      .execute();
    expect(ids).toEqual([{ id: first.id }]);
    const after = await summaryOf(paper);
    expect(after.deleted_at).toBe(deleted.deleted_at);
    expect(after.source).toBe(`The first text.${PAD}`);
    const revisions = await t.db
      .selectFrom("summary_revisions")
      .select("id")
      .where("summary_id", "=", first.id)
      .execute();
    expect(revisions).toHaveLength(1);
  });
});
