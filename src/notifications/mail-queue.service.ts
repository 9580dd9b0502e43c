import type { Kysely } from "kysely";
import type { Logger } from "pino";
import {
  MAIL_CLAIM_LEASE_MS,
  MAIL_MAX_ATTEMPTS,
  MAIL_QUEUE_BATCH,
  MAIL_QUEUE_KEEP_MS,
  MAIL_RETRY_BASE_MS,
  MAIL_RETRY_MAX_MS,
  NOTIFICATIONS_KEEP_MS,
} from "../core/limits";
import type { Mail, Mailer } from "../core/mailer";
import { randomToken } from "../core/tokens";
import type { Database } from "../db/schema";
import { findUsersByIds } from "../users/users.service";
import {
  claimDueMails,
  deleteFinishedBefore,
  insertMails,
  listReadableCommentIds,
  markAttemptFailed,
  markDropped,
  markSent,
  renewClaim,
} from "./mail-queue.repo";
import { deleteOrphans, deleteReadBefore } from "./notifications.repo";
import { wantsCommentMail } from "./recipients";

// Notification mail goes through the database: a request only inserts rows (in its own
// transaction), and a worker in the serving process sends what is due. A failed send is tried
// again after an exponential backoff, up to MAIL_MAX_ATTEMPTS, then marked failed and logged.

/** Queues mails inside the caller's transaction: they exist if and only if it commits. */
export async function queueMails(
  trx: Kysely<Database>,
  mails: readonly (Mail & { userId: number | null; commentId?: number | null })[],
  at: string,
): Promise<void> {
  await insertMails(
    trx,
    mails.map((m) => ({ ...m, headers: m.headers ?? {}, at })),
  );
}

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
  leaseMs: number;
  batch: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  baseMs: MAIL_RETRY_BASE_MS,
  maxMs: MAIL_RETRY_MAX_MS,
  maxAttempts: MAIL_MAX_ATTEMPTS,
  leaseMs: MAIL_CLAIM_LEASE_MS,
  batch: MAIL_QUEUE_BATCH,
};

/** The wait before attempt `attempts + 1`, after `attempts` failures (≥ 1). */
export function retryDelayMs(attempts: number, p: Pick<RetryPolicy, "baseMs" | "maxMs">): number {
  return Math.min(p.maxMs, p.baseMs * 2 ** Math.min(attempts - 1, 30));
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
  /** Not sent: the account is gone, unsubscribed or changed address, or the comment was hidden or deleted, since it was queued. */
  dropped: number;
}

/** Claims the due mails (never one another worker holds), sends each, records the outcome. */
export async function deliverDueMails(
  db: Kysely<Database>,
  mailer: Mailer,
  logger: Pick<Logger, "warn" | "error">,
  policy: RetryPolicy = DEFAULT_RETRY,
  now: () => number = Date.now,
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0, dropped: 0 };
  const token = randomToken(16);
  const claimed = await claimDueMails(db, {
    token,
    now: new Date(now()).toISOString(),
    leaseCutoff: new Date(now() - policy.leaseMs).toISOString(),
    limit: policy.batch,
  });
  const ids = [...new Set(claimed.flatMap((m) => (m.userId === null ? [] : [m.userId])))];
  const people = new Map((await findUsersByIds(db, ids)).map((u) => [u.id, u]));
  const readable = await listReadableCommentIds(db, [
    ...new Set(claimed.flatMap((m) => (m.commentId === null ? [] : [m.commentId]))),
  ]);
  for (const mail of claimed) {
    // The batch's lease may have run out while earlier mails were sent (each send may take
    // up to the SMTP timeout): renew this one's claim first, and leave it alone if another
    // worker has taken it over since, so no mail is sent by two workers.
    if (!(await renewClaim(db, mail.id, token, new Date(now()).toISOString()))) continue;
    const person = mail.userId === null ? null : people.get(mail.userId);
    const dropReason =
      mail.userId !== null && !(person && wantsCommentMail(person, mail.to))
        ? "the recipient no longer wants this mail"
        : mail.commentId !== null && !readable.has(mail.commentId)
          ? "its comment was hidden or deleted"
          : null;
    if (dropReason) {
      await markDropped(db, mail.id, token, {
        reason: dropReason,
        at: new Date(now()).toISOString(),
      });
      report.dropped++;
      continue;
    }
    try {
      await mailer.send({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: mail.headers,
      });
    } catch (error) {
      const attempts = mail.attempts + 1;
      const failed = attempts >= policy.maxAttempts;
      const message = (error as Error).message.slice(0, 500);
      await markAttemptFailed(db, mail.id, token, {
        error: message,
        failed,
        at: new Date(now()).toISOString(),
        nextAttemptAt: new Date(now() + retryDelayMs(attempts, policy)).toISOString(),
      });
      if (failed) {
        report.failed++;
        logger.error({ mailId: mail.id, attempts, err: message }, "mail failed for good");
      } else {
        report.retried++;
        logger.warn({ mailId: mail.id, attempts, err: message }, "mail send failed; will retry");
      }
      continue;
    }
    await markSent(db, mail.id, token, new Date(now()).toISOString());
    report.sent++;
  }
  return report;
}

/**
 * Deletes finished mails and read notifications past their keeping time, and notifications of
 * accounts that are gone. Run by maintenance/cleanup.service.ts with every other table's purge.
 */
export async function purgeOldNotifications(
  db: Kysely<Database>,
  now: number = Date.now(),
): Promise<{ mails: number; notifications: number }> {
  const orphans = await deleteOrphans(db);
  const mails = await deleteFinishedBefore(db, new Date(now - MAIL_QUEUE_KEEP_MS).toISOString());
  const read = await deleteReadBefore(db, new Date(now - NOTIFICATIONS_KEEP_MS).toISOString());
  return { mails, notifications: orphans + read };
}
