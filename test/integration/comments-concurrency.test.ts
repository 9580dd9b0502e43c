import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addComment, listCommentsBySummary } from "../../src/comments/comments.service";
import type { Database } from "../../src/db/schema";
import { renderMarkdown } from "../../src/render";
import type { WriterOp } from "../helpers/concurrent-writer";
import { type ConcurrentWriters, startConcurrentWriters } from "../helpers/concurrent-writers";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { testRender } from "../helpers/test-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

// Replies, edits and deletes fired at once from separate processes (separate connections):
// the thread stays one level deep and consistent, and an edit's source and HTML stay a pair.

const WRITERS = 4;

let testDb: TestDb;
let db: Kysely<Database>;
let writers: ConcurrentWriters;

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db.kysely;
  writers = await startConcurrentWriters(testDb.url, WRITERS);
});
afterAll(async () => {
  await writers?.close();
  await testDb?.drop();
});

async function thread() {
  const author = await makeUser(db);
  const summaryId = await makeSummary(db, (await makePaper(db)).id, author.id);
  const topAuthor = await makeAccount(db);
  const top = await addComment(db, testRender, {
    summaryId,
    userId: topAuthor.id,
    source: "Top.",
  });
  return { summaryId, top, topAuthor };
}

const repliesTo = (summaryId: number) =>
  db
    .selectFrom("comments")
    .select(["id", "parent_id", "source"])
    .where("summary_id", "=", summaryId)
    .where("parent_id", "is not", null)
    .orderBy("id")
    .execute();

describe("comments under concurrency", () => {
  it("put every concurrent reply under the top-level comment, replies to replies included", async () => {
    const { summaryId, top } = await thread();
    const replier = await makeUser(db);
    const first = await addComment(db, testRender, {
      summaryId,
      userId: replier.id,
      source: "First reply.",
      parentId: top,
    });
    const shares = Array.from({ length: WRITERS }, (_, w) =>
      Array.from(
        { length: 6 },
        (_, j): WriterOp => ({
          kind: "comment",
          summaryId,
          userId: replier.id,
          source: `Reply ${w}.${j}`,
          parentId: j % 2 === 0 ? top : first,
        }),
      ),
    );
    expect(await writers.run(shares)).toEqual([]);
    const rows = await repliesTo(summaryId);
    expect(rows).toHaveLength(1 + WRITERS * 6);
    expect(new Set(rows.map((r) => r.parent_id))).toEqual(new Set([top]));
    const shown = (await listCommentsBySummary(db, [summaryId])).get(summaryId) ?? [];
    expect(shown.map((c) => [c.id, c.replies.length])).toEqual([[top, 1 + WRITERS * 6]]);
  });

  it("a delete racing replies leaves a consistent thread, and no reply lands after it", async () => {
    const { summaryId, top, topAuthor } = await thread();
    const replier = await makeUser(db);
    const replies = (w: number, n: number): WriterOp[] =>
      Array.from({ length: n }, (_, j) => ({
        kind: "comment",
        summaryId,
        userId: replier.id,
        source: `Racing ${w}.${j}`,
        parentId: top,
        parentLeaving: true,
      }));
    const shares: WriterOp[][] = [
      [...replies(0, 3), { kind: "deleteComment", commentId: top, userId: topAuthor.id }],
      ...Array.from({ length: WRITERS - 1 }, (_, w) => replies(w + 1, 5)),
    ];
    expect(await writers.run(shares)).toEqual([]);
    const parent = await db
      .selectFrom("comments")
      .select("deleted_at")
      .where("id", "=", top)
      .executeTakeFirstOrThrow();
    expect(parent.deleted_at).not.toBeNull();
    const landed = await repliesTo(summaryId);
    expect(new Set(landed.map((r) => r.parent_id)).size).toBeLessThanOrEqual(1);
    const shown = (await listCommentsBySummary(db, [summaryId])).get(summaryId) ?? [];
    if (landed.length === 0) {
      expect(shown).toEqual([]);
    } else {
      expect(shown).toHaveLength(1);
      expect(shown[0]).toMatchObject({ id: top, removed: "deleted", author: null, html: "" });
      expect(shown[0]?.replies.map((r) => r.id)).toEqual(landed.map((r) => r.id));
    }
    // Once the delete has committed, every reply to it is refused.
    const late = Array.from({ length: WRITERS }, (_, w) =>
      replies(w, 2).map((op) => ({ ...op, parentLeaving: false })),
    );
    const failures = await writers.run(late);
    expect(failures).toHaveLength(WRITERS * 2);
    for (const f of failures) expect(f).toContain("can't be replied to");
    expect(await repliesTo(summaryId)).toHaveLength(landed.length);
  });

  it("concurrent edits leave one of the texts, with its own HTML", async () => {
    const { top, topAuthor } = await thread();
    const texts = Array.from({ length: WRITERS * 2 }, (_, i) => `Edit ${i}: $x_${i}$`);
    const shares = Array.from({ length: WRITERS }, (_, w) =>
      [texts[2 * w], texts[2 * w + 1]].map(
        (source): WriterOp => ({
          kind: "editComment",
          commentId: top,
          userId: topAuthor.id,
          source: source as string,
        }),
      ),
    );
    expect(await writers.run(shares)).toEqual([]);
    const stored = await db
      .selectFrom("comments")
      .select(["source", "html", "edited_at"])
      .where("id", "=", top)
      .executeTakeFirstOrThrow();
    expect(texts).toContain(stored.source);
    expect(stored.html).toBe(renderMarkdown(stored.source).html);
    expect(stored.edited_at).not.toBeNull();
  });
});
