import type { Kysely } from "kysely";
import { listedComment, listedSummary } from "../db/listed";
import type { Database } from "../db/schema";

// The mail_queue table's one writer. A row is "queued" until a send succeeds ("sent") or the
// attempts run out ("failed"). A worker claims due rows by stamping claimed_at and its own
// claim_token in one UPDATE; a claim older than the lease may be taken over (its process died).

export interface QueuedMail {
  id: number;
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
  attempts: number;
  /** The recipient's account (notification mail), to ask again whether they want it. */
  userId: number | null;
  /** The comment it is about, to ask again whether anyone may still read it. */
  commentId: number | null;
}

export async function insertMails(
  db: Kysely<Database>,
  mails: readonly {
    userId: number | null;
    commentId?: number | null;
    to: string;
    subject: string;
    text: string;
    headers: Record<string, string>;
    at: string;
  }[],
): Promise<void> {
  if (mails.length === 0) return;
  await db
    .insertInto("mail_queue")
    .values(
      mails.map((m) => ({
        user_id: m.userId,
        comment_id: m.commentId ?? null,
        to_address: m.to,
        subject: m.subject,
        body: m.text,
        headers: JSON.stringify(m.headers),
        next_attempt_at: m.at,
        created_at: m.at,
      })),
    )
    .execute();
}

/**
 * Claims up to `limit` due mails for `token` and returns them. The claim's conditions sit in
 * the UPDATE's own WHERE (not only in the subquery that picks the ids): when two workers pick
 * the same rows, PostgreSQL re-checks that WHERE on the row the first one committed and the
 * second skips it; SQLite runs one writer at a time. So no mail is held by two workers.
 */
export async function claimDueMails(
  db: Kysely<Database>,
  c: { token: string; now: string; leaseCutoff: string; limit: number },
): Promise<QueuedMail[]> {
  const rows = await db
    .updateTable("mail_queue")
    .set({ claimed_at: c.now, claim_token: c.token })
    .where("status", "=", "queued")
    .where("next_attempt_at", "<=", c.now)
    .where((eb) => eb.or([eb("claimed_at", "is", null), eb("claimed_at", "<", c.leaseCutoff)]))
    .where("id", "in", (eb) =>
      eb
        .selectFrom("mail_queue")
        .select("id")
        .where("status", "=", "queued")
        .where("next_attempt_at", "<=", c.now)
        .where((w) => w.or([w("claimed_at", "is", null), w("claimed_at", "<", c.leaseCutoff)]))
        .orderBy("next_attempt_at")
        .orderBy("id")
        .limit(c.limit),
    )
    .returning([
      "id",
      "user_id",
      "comment_id",
      "to_address",
      "subject",
      "body",
      "headers",
      "attempts",
    ])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    to: r.to_address,
    subject: r.subject,
    text: r.body,
    headers: JSON.parse(r.headers) as Record<string, string>,
    attempts: r.attempts,
    userId: r.user_id,
    commentId: r.comment_id,
  }));
}

/**
 * Renews this worker's claim on one mail just before it is sent, so the lease counts from
 * the send, not from the batch's claim. False when the claim is no longer ours (the lease ran
 * out while earlier mails of the batch were sent, and another worker took the mail over).
 */
export async function renewClaim(
  db: Kysely<Database>,
  id: number,
  token: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable("mail_queue")
    .set({ claimed_at: at })
    .where("id", "=", id)
    .where("claim_token", "=", token)
    .where("status", "=", "queued")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Sent: only by the worker that still holds the claim. */
export async function markSent(
  db: Kysely<Database>,
  id: number,
  token: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable("mail_queue")
    .set({ status: "sent", attempts: (eb) => eb("attempts", "+", 1), finished_at: at })
    .where("id", "=", id)
    .where("claim_token", "=", token)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Not sent, on purpose: the recipient's account is gone or no longer wants this mail. */
export async function markDropped(
  db: Kysely<Database>,
  id: number,
  token: string,
  d: { reason: string; at: string },
): Promise<void> {
  await db
    .updateTable("mail_queue")
    .set({ status: "dropped", last_error: d.reason, finished_at: d.at })
    .where("id", "=", id)
    .where("claim_token", "=", token)
    .execute();
}

/** A failed attempt: back in the queue at `nextAttemptAt`, or "failed" for good (`failed`). */
export async function markAttemptFailed(
  db: Kysely<Database>,
  id: number,
  token: string,
  f: { error: string; nextAttemptAt: string; failed: boolean; at: string },
): Promise<void> {
  await db
    .updateTable("mail_queue")
    .set({
      status: f.failed ? "failed" : "queued",
      attempts: (eb) => eb("attempts", "+", 1),
      next_attempt_at: f.nextAttemptAt,
      claimed_at: null,
      claim_token: null,
      last_error: f.error,
      finished_at: f.failed ? f.at : null,
    })
    .where("id", "=", id)
    .where("claim_token", "=", token)
    .execute();
}

/** Deletes sent, failed and dropped mails finished before `before`. */
export async function deleteFinishedBefore(db: Kysely<Database>, before: string): Promise<number> {
  const result = await db
    .deleteFrom("mail_queue")
    .where("status", "in", ["sent", "failed", "dropped"])
    .where("finished_at", "<", before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Which of these comments readers may still see: listed, on a listed summary (db/listed.ts). */
export async function listReadableCommentIds(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom("comments as c")
    .innerJoin("summaries as s", "s.id", "c.summary_id")
    .where("c.id", "in", ids)
    .where(listedComment("c"))
    .where(listedSummary("s"))
    .select("c.id")
    .execute();
  return new Set(rows.map((r) => r.id));
}
