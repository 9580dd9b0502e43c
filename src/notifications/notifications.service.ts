import type { Kysely } from "kysely";
import type { CommentListener } from "../comments/comments.service";
import {
  MAIL_COMMENT_EXCERPT_CHARS,
  NOTIFICATIONS_BADGE_MAX,
  NOTIFICATIONS_PAGE,
} from "../core/limits";
import { nowIso } from "../core/time";
import type { Database } from "../db/schema";
import { commentNotificationMail } from "../mail/templates";
import { findUsersByIds, type User } from "../users/users.service";
import type { VoteListener } from "../votes/votes.service";
import { queueMails } from "./mail-queue.service";
import {
  addVoteNotification,
  countUnread,
  findSummaryTarget,
  insertCommentNotifications,
  listEarlierCommenterIds,
  listNotificationRows,
  markShownRead,
  removeVoteNotification,
} from "./notifications.repo";
import { wantsCommentMail } from "./recipients";
import { type UnsubscribeKey, unsubscribeKey, unsubscribeTokenWith } from "./unsubscribe.service";

/** What the comment and vote services tell, inside their transactions (app.ts wires these). */
export interface Notifier {
  commentAdded: CommentListener;
  voteCast: VoteListener;
}

/** One line of the notification list. */
export interface NotificationView {
  kind: "comment" | "reply" | "votes";
  /** The commenter's display name (comments and replies). */
  actor: string | null;
  count: number;
  paperTitle: string;
  link: string;
  at: string;
  unread: boolean;
}

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export function createNotifier(opts: { baseUrl: string }): Notifier {
  const base = opts.baseUrl.replace(/\/$/, "");
  return {
    /**
     * A comment tells the summary's author ("comment") and everyone who commented on the
     * summary before it ("reply"; a reply also tells the author of the comment it answers, as
     * a "reply"), each once, never the commenter; those whose setting says so
     * also get a mail, queued in the same transaction.
     */
    async commentAdded(trx, e) {
      const target = await findSummaryTarget(trx, e.summaryId);
      if (!target) return;
      const earlier = await listEarlierCommenterIds(trx, e.summaryId, e.commentId);
      const answered = e.parentAuthorId ?? null;
      const ids = [
        ...new Set([target.authorId, ...(answered ? [answered] : []), ...earlier]),
      ].filter((id) => id !== e.userId);
      const people = await findUsersByIds(trx, [...ids, e.userId]);
      const commenter = people.find((u) => u.id === e.userId);
      const recipients = people.filter((u) => u.id !== e.userId && !u.deleted);
      // The author of the comment a reply answers hears of it as a reply, even on their summary.
      const kindOf = (u: User): "comment" | "reply" =>
        u.id === target.authorId && u.id !== answered ? "comment" : "reply";
      await insertCommentNotifications(
        trx,
        recipients.map((u) => ({
          userId: u.id,
          kind: kindOf(u),
          summaryId: e.summaryId,
          commentId: e.commentId,
          actorId: e.userId,
          at: e.at,
        })),
      );
      const mailable = recipients.filter((u) => wantsCommentMail(u));
      const mails = [];
      // One key for the whole comment (and read from the database once per process).
      const key = mailable.length > 0 ? await unsubscribeKey(trx) : null;
      for (const u of mailable) {
        const token = unsubscribeTokenWith(key as UnsubscribeKey, u.id);
        mails.push({
          userId: u.id,
          commentId: e.commentId,
          ...commentNotificationMail({
            to: u.email as string,
            username: u.username,
            commenter: commenter?.displayName ?? "Someone",
            paperTitle: oneLine(target.paperTitle, 120),
            kind: kindOf(u),
            excerpt: oneLine(e.source, MAIL_COMMENT_EXCERPT_CHARS),
            link: `${base}/summary/${e.summaryId}#comment-${e.commentId}`,
            unsubscribeLink: `${base}/unsubscribe?token=${encodeURIComponent(token)}`,
          }),
        });
      }
      await queueMails(trx, mails, e.at);
    },

    /**
     * A new vote adds to the author's one unread votes row; a withdrawn one takes one off it
     * (deleting it at zero), so up, withdraw, up counts once: the row says how many more votes
     * there are than at the last read. A change of direction is neither.
     */
    async voteCast(trx, e) {
      if (e.authorId === e.userId) return;
      if (e.previous === 0 && e.value !== 0) {
        await addVoteNotification(trx, { userId: e.authorId, summaryId: e.summaryId, at: e.at });
      } else if (e.previous !== 0 && e.value === 0) {
        await removeVoteNotification(trx, { userId: e.authorId, summaryId: e.summaryId });
      }
    },
  };
}

/** The header's count: past NOTIFICATIONS_BADGE_MAX it is NOTIFICATIONS_BADGE_MAX + 1 ("99+"). */
export function unreadNotifications(db: Kysely<Database>, userId: number): Promise<number> {
  return countUnread(db, userId, NOTIFICATIONS_BADGE_MAX + 1);
}

/** The list as the person sees it now; what it shows is then marked read. */
export async function readNotifications(
  db: Kysely<Database>,
  userId: number,
): Promise<NotificationView[]> {
  const rows = await listNotificationRows(db, userId, NOTIFICATIONS_PAGE);
  const unread = rows.filter((r) => r.read_at === null);
  if (unread.length > 0) await markShownRead(db, userId, unread, nowIso());
  return rows.map((r) => ({
    kind: r.kind === "reply" ? "reply" : r.kind === "votes" ? "votes" : "comment",
    actor: r.actor_display_name,
    count: r.count,
    paperTitle: r.paper_title,
    link:
      r.comment_id === null
        ? `/summary/${r.summary_id}`
        : `/summary/${r.summary_id}#comment-${r.comment_id}`,
    at: r.updated_at,
    unread: r.read_at === null,
  }));
}
