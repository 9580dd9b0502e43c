import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { compiledOnce } from "../db/compiled-queries";
import { listedComment, presentSummary } from "../db/listed";
import type { Database, NotificationsTable } from "../db/schema";

// The notifications table's one writer. Reads join summaries, papers, comments and users for
// what a notification shows; those tables' rows stay here and go up as plain values.

export type NotificationKind = "comment" | "reply" | "votes";

/** The summary a comment or vote is about: whose it is and what paper it summarizes. */
export async function findSummaryTarget(
  db: Kysely<Database>,
  summaryId: number,
): Promise<{ authorId: number; paperTitle: string } | null> {
  const row = await db
    .selectFrom("summaries as s")
    .innerJoin("papers as p", "p.id", "s.paper_id")
    .where("s.id", "=", summaryId)
    .select(["s.user_id", "p.title"])
    .executeTakeFirst();
  return row ? { authorId: row.user_id, paperTitle: row.title } : null;
}

/** The people who commented on a summary before this comment (by id: the order they came). */
export async function listEarlierCommenterIds(
  db: Kysely<Database>,
  summaryId: number,
  commentId: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom("comments")
    .where("summary_id", "=", summaryId)
    .where("id", "<", commentId)
    .select("user_id")
    .distinct()
    .execute();
  return rows.map((r) => r.user_id);
}

export async function insertCommentNotifications(
  db: Kysely<Database>,
  rows: readonly {
    userId: number;
    kind: "comment" | "reply";
    summaryId: number;
    commentId: number;
    actorId: number;
    at: string;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("notifications")
    .values(
      rows.map((r) => ({
        user_id: r.userId,
        kind: r.kind,
        summary_id: r.summaryId,
        comment_id: r.commentId,
        actor_id: r.actorId,
        created_at: r.at,
        updated_at: r.at,
      })),
    )
    // Once per person per comment, whatever calls twice.
    .onConflict((oc) => oc.columns(["user_id", "comment_id"]).doNothing())
    .execute();
}

/**
 * One more vote on a summary: adds to the person's unread votes row for it, or starts one.
 * Call under the summary's lock (votes.service takes it), so two votes never both insert.
 */
export async function addVoteNotification(
  db: Kysely<Database>,
  n: { userId: number; summaryId: number; at: string },
): Promise<void> {
  const bumped = await db
    .updateTable("notifications")
    .set({ count: sql`count + 1`, updated_at: n.at })
    .where("user_id", "=", n.userId)
    .where("summary_id", "=", n.summaryId)
    .where("kind", "=", "votes")
    .where("read_at", "is", null)
    .executeTakeFirst();
  if (bumped.numUpdatedRows > 0n) return;
  await db
    .insertInto("notifications")
    .values({
      user_id: n.userId,
      kind: "votes",
      summary_id: n.summaryId,
      created_at: n.at,
      updated_at: n.at,
    })
    .execute();
}

/**
 * One vote fewer on a summary (withdrawn): takes one off the person's unread votes row for it,
 * deleting the row at zero; nothing when there is none (the vote was already seen). Call under
 * the summary's lock, as addVoteNotification.
 */
export async function removeVoteNotification(
  db: Kysely<Database>,
  n: { userId: number; summaryId: number },
): Promise<void> {
  // Delete first: a row of 2 decremented to 1 first would then be deleted too.
  await db
    .deleteFrom("notifications")
    .where("user_id", "=", n.userId)
    .where("summary_id", "=", n.summaryId)
    .where("kind", "=", "votes")
    .where("read_at", "is", null)
    .where("count", "<=", 1)
    .execute();
  await db
    .updateTable("notifications")
    .set({ count: sql`count - 1` })
    .where("user_id", "=", n.userId)
    .where("summary_id", "=", n.summaryId)
    .where("kind", "=", "votes")
    .where("read_at", "is", null)
    .where("count", ">", 1)
    .execute();
}

/**
 * A person's unread notifications, counting `atMost` at most: every logged-in page asks (the
 * header's badge), so the work is bounded (an index range on user_id, read_at) and the query
 * compiled once (db/compiled-queries.ts).
 */
export async function countUnread(
  db: Kysely<Database>,
  userId: number,
  atMost: number,
): Promise<number> {
  // The bound is written into the text (see db/sqlite-query-compiler.ts), so it names the shape.
  const [row] = await compiledOnce(db, `count-unread:${atMost}`, [userId], () =>
    db
      .selectFrom((eb) =>
        eb
          .selectFrom("notifications as n")
          .where("n.user_id", "=", userId)
          .where("n.read_at", "is", null)
          .where(aboutShownContent)
          .select("n.id")
          .limit(sql.lit(atMost))
          .as("unread"),
      )
      .select((eb) => eb.fn.countAll<number | string | bigint>().as("n")),
  );
  return Number(row?.n ?? 0);
}

/**
 * A notification about a summary or comment a moderator hid (or its author deleted) is not
 * shown, nor counted in the header, while it stays so (unhiding brings it back).
 */
function aboutShownContent(eb: ExpressionBuilder<Database & { n: NotificationsTable }, "n">) {
  return eb.and([
    eb.exists(
      eb
        .selectFrom("summaries as ns")
        .whereRef("ns.id", "=", "n.summary_id")
        .where(presentSummary("ns"))
        .select("ns.id"),
    ),
    eb.or([
      eb("n.comment_id", "is", null),
      eb.exists(
        eb
          .selectFrom("comments as nc")
          .whereRef("nc.id", "=", "n.comment_id")
          .where(listedComment("nc"))
          .select("nc.id"),
      ),
    ]),
  ]);
}

export interface NotificationRow {
  id: number;
  kind: string;
  summary_id: number;
  comment_id: number | null;
  count: number;
  updated_at: string;
  read_at: string | null;
  paper_title: string;
  actor_display_name: string | null;
  actor_username: string | null;
}

/** A person's notifications, unread first, then newest first. */
export function listNotificationRows(
  db: Kysely<Database>,
  userId: number,
  limit: number,
): Promise<NotificationRow[]> {
  return db
    .selectFrom("notifications as n")
    .innerJoin("summaries as s", "s.id", "n.summary_id")
    .innerJoin("papers as p", "p.id", "s.paper_id")
    .leftJoin("users as a", "a.id", "n.actor_id")
    .where("n.user_id", "=", userId)
    .where(aboutShownContent)
    .select([
      "n.id",
      "n.kind",
      "n.summary_id",
      "n.comment_id",
      "n.count",
      "n.updated_at",
      "n.read_at",
      "p.title as paper_title",
      "a.display_name as actor_display_name",
      "a.username as actor_username",
    ])
    .orderBy(sql`case when n.read_at is null then 0 else 1 end`)
    .orderBy("n.updated_at", "desc")
    .orderBy("n.id", "desc")
    .limit(limit)
    .execute();
}

/**
 * Marks read what the person was shown, as it was shown: a votes row whose count grew since
 * (a vote landed between the list and this) stays unread, so no new vote goes unseen.
 */
export async function markShownRead(
  db: Kysely<Database>,
  userId: number,
  shown: readonly { id: number; count: number }[],
  at: string,
): Promise<void> {
  const byCount = new Map<number, number[]>();
  for (const s of shown) byCount.set(s.count, [...(byCount.get(s.count) ?? []), s.id]);
  for (const [count, ids] of byCount) {
    await db
      .updateTable("notifications")
      .set({ read_at: at })
      .where("user_id", "=", userId)
      .where("id", "in", ids)
      .where("count", "=", count)
      .where("read_at", "is", null)
      .execute();
  }
}

/** Notifications of accounts that are gone (the table has no foreign key on its recipient). */
export async function deleteOrphans(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom("notifications")
    .where("user_id", "not in", (eb) => eb.selectFrom("users").select("id"))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes read notifications last updated before `before`. */
export async function deleteReadBefore(db: Kysely<Database>, before: string): Promise<number> {
  const result = await db
    .deleteFrom("notifications")
    .where("read_at", "is not", null)
    .where("updated_at", "<", before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
