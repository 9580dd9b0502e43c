import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "../../src/core/current-user";
import type { RenderFn } from "../../src/core/render-contract";
import { restoreRevision } from "../../src/summaries/summary-restore.service";
import { createClient, type TestClient } from "../helpers/client";
import { makePaper } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { publishSummary } from "../helpers/publish-summary";
import { createTestApp, type TestApp, testRender } from "../helpers/test-app";

// Restoring an older revision renders its text first, outside any transaction: the author may
// save in the meantime. What the restore writes back must be the summary's privacy and
// anonymity as they are when it writes, not as they were when it began (a summary made
// private while the restore rendered came back public). Runs on SQLite, and on PostgreSQL
// with TEST_DATABASE_URL.

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

/** A render that starts, then waits for `release()` before it answers. */
function heldRender() {
  let release: () => void = () => {};
  let started: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const begun = new Promise<void>((resolve) => {
    started = resolve;
  });
  const render: RenderFn = async (source) => {
    started();
    await gate;
    return testRender(source);
  };
  return { render, begun, release };
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
  const user: CurrentUser = {
    id: acct.id,
    username: acct.username,
    displayName: acct.username,
    role: "user",
    emailVerified: true,
    sessionId: 0,
    csrfToken: "",
  };
  return { paper, client, user, summary, firstRevision: first.id };
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
