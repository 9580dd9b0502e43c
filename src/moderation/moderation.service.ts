import type { Kysely } from "kysely";
import { endAllSessions } from "../auth/sessions.service";
import { setCommentHidden } from "../comments/comments.service";
import type { CurrentUser } from "../core/current-user";
import { DomainError, invalid, notFound } from "../core/errors";
import { nowIso } from "../core/time";
import { writeVisible } from "../db/content-version";
import { lockKeyUntilCommit } from "../db/dialect";
import type { Database } from "../db/schema";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { setSummaryHidden } from "../summaries/summary-write.service";
import { banUser, findUserById, unbanUser } from "../users/users.service";
import { insertLogEntry } from "./moderation-log.repo";
import { findCommentTargets, findSummaryTargets } from "./moderation-targets.repo";
import { resolveOpenReports, type TargetKind, type TargetRef } from "./reports.repo";

// What moderators do. Each action runs in one transaction that serialises every action on
// the same target: it changes the target (or finds it already so), closes the target's open
// reports with the action as their resolution, and logs a row only when one of those changed
// something. Two moderators pressing "Hide" at once thus hide once, resolve once, log once.

export const ACTIONS = ["hide", "unhide", "ban", "unban", "dismiss"] as const;
export type ModerationAction = (typeof ACTIONS)[number];

const RESOLUTION: Record<ModerationAction, string> = {
  hide: "hidden",
  unhide: "unhidden",
  ban: "banned",
  unban: "unbanned",
  dismiss: "dismissed",
};

const ALLOWED: Record<TargetKind, readonly ModerationAction[]> = {
  summary: ["hide", "unhide", "dismiss"],
  comment: ["hide", "unhide", "dismiss"],
  user: ["ban", "unban", "dismiss"],
};

export function parseTarget(kind: string, id: number): TargetRef {
  if (kind !== "summary" && kind !== "comment" && kind !== "user") throw notFound("That page");
  return { kind, id };
}

export function parseAction(target: TargetRef, action: string): ModerationAction {
  const allowed = ALLOWED[target.kind];
  if (!allowed.includes(action as ModerationAction)) {
    throw invalid(`A ${target.kind} can be: ${allowed.join(", ")}.`);
  }
  return action as ModerationAction;
}

/** Hides or unhides a summary or comment; false when it already was so. */
async function setHidden(
  trx: Kysely<Database>,
  target: TargetRef,
  hide: boolean,
  at: string,
): Promise<boolean> {
  const [row] =
    target.kind === "summary"
      ? await findSummaryTargets(trx, [target.id])
      : await findCommentTargets(trx, [target.id]);
  if (!row) throw notFound(target.kind === "summary" ? "The summary" : "The comment");
  if ((row.hidden_at !== null) === hide) return false;
  const write = target.kind === "summary" ? setSummaryHidden : setCommentHidden;
  await write(trx, target.id, hide ? at : null);
  return true;
}

/**
 * Bans or unbans a person; false when they already were so. Nobody bans themselves; only an
 * admin bans (or unbans) a moderator or an admin. A ban ends every session of the person.
 */
async function setBanned(
  trx: Kysely<Database>,
  actor: CurrentUser,
  id: number,
  ban: boolean,
  at: string,
): Promise<boolean> {
  const user = await findUserById(trx, id);
  if (!user || user.deleted) throw notFound("That user");
  if (user.id === actor.id) throw new DomainError("forbidden", "You can't ban or unban yourself.");
  if (user.role !== "user" && actor.role !== "admin") {
    throw new DomainError("forbidden", "Only an admin can ban or unban a moderator or an admin.");
  }
  if (user.banned === ban) return false;
  if (ban) {
    await banUser(trx, id, at);
    await endAllSessions(trx, id);
  } else {
    await unbanUser(trx, id);
  }
  return true;
}

export interface ActionOutcome {
  /** The target changed (false: it already was as asked). */
  changed: boolean;
  /** Open reports this action closed. */
  resolved: number;
}

/** A moderator's action on a target (the caller has checked the role). */
export async function moderate(
  db: Kysely<Database>,
  actor: CurrentUser,
  target: TargetRef,
  action: ModerationAction,
): Promise<ActionOutcome> {
  await consumeRateLimit(db, "moderationActionPerUser", String(actor.id));
  const result = await writeVisible(
    db,
    async (trx) => {
      // On SQLite writeVisible's first statement holds the write lock; on PostgreSQL this key
      // makes a second action on the target wait, then read what the first one left.
      await lockKeyUntilCommit(trx, `moderation:${target.kind}:${target.id}`);
      const at = nowIso();
      let changed = false;
      if (action === "hide" || action === "unhide") {
        changed = await setHidden(trx, target, action === "hide", at);
      } else if (action === "ban" || action === "unban") {
        changed = await setBanned(trx, actor, target.id, action === "ban", at);
      }
      const resolved = await resolveOpenReports(trx, target, {
        by: actor.id,
        resolution: RESOLUTION[action],
        at,
      });
      if (changed || resolved > 0) {
        const note = resolved === 0 ? "" : `${resolved} report${resolved === 1 ? "" : "s"} closed`;
        await insertLogEntry(trx, { actorId: actor.id, action, target, note, at });
      }
      return { changed, resolved };
    },
    // Hiding changes pages; so does a ban: the /users leaderboard leaves banned people out.
    { changed: (r) => r.changed },
  );
  return result;
}
