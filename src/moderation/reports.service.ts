import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { DomainError, invalid, notFound } from "../core/errors";
import { REPORT_DETAILS_MAX_CHARS } from "../core/limits";
import { assertCanPublish } from "../core/publish-policy";
import { nowIso } from "../core/time";
import type { Database } from "../db/schema";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { findLiveUserByUsername } from "../users/users.service";
import { findCommentTargets, findSummaryTargets } from "./moderation-targets.repo";
import { isReportReason, storedReason } from "./report-reasons";
import { insertOpenReport, type TargetKind } from "./reports.repo";

// Readers report what they see: a public summary, a comment readers see, or a person. What
// is not shown to them (private, deleted, hidden, unknown) is "not found", never "reported".

/** What the report page shows of its target, and where "back" goes. */
export interface ReportTarget {
  kind: TargetKind;
  id: number;
  /** "A summary of <title> by <name>", "A comment by <name> on …", "<name> (@name)". */
  heading: string;
  /** The stored (sanitized) HTML of the text, or the person's bio. */
  html: string;
  back: string;
}

const userPath = (username: string) => `/user/${encodeURIComponent(username)}`;

function positiveId(ref: string, what: string): number {
  if (!/^\d{1,15}$/.test(ref) || Number(ref) < 1) throw notFound(what);
  return Number(ref);
}

function notYours(reporter: CurrentUser, authorId: number, what: string): void {
  if (authorId === reporter.id) {
    throw new DomainError("forbidden", `You can't report ${what}.`);
  }
}

/**
 * The target of `/report/:kind/:ref` (a summary's or comment's id, a person's username), as
 * the reporter may see it; 404 when it isn't there for them, 403 when it is their own.
 */
export async function findReportTarget(
  db: Kysely<Database>,
  reporter: CurrentUser,
  kind: string,
  ref: string,
): Promise<ReportTarget> {
  if (kind === "summary") {
    const [s] = await findSummaryTargets(db, [positiveId(ref, "The summary")]);
    const listed = s && s.is_private === 0 && s.deleted_at === null && s.hidden_at === null;
    if (!s || !listed) throw notFound("The summary");
    notYours(reporter, s.user_id, "your own summary");
    return {
      kind,
      id: s.id,
      heading: `A summary of “${s.paper_title}”`,
      html: s.html,
      back: `/summary/${s.id}`,
    };
  }
  if (kind === "comment") {
    const [c] = await findCommentTargets(db, [positiveId(ref, "The comment")]);
    if (!c || c.deleted_at !== null || c.hidden_at !== null || c.summary_listed !== 1) {
      throw notFound("The comment");
    }
    notYours(reporter, c.user_id, "your own comment");
    return {
      kind,
      id: c.id,
      heading: `A comment by ${c.author_display_name} on a summary of “${c.paper_title}”`,
      html: c.html,
      back: `/summary/${c.summary_id}#comment-${c.id}`,
    };
  }
  if (kind === "user") {
    const u = await findLiveUserByUsername(db, ref);
    if (!u) throw notFound("That user");
    notYours(reporter, u.id, "yourself");
    return {
      kind,
      id: u.id,
      heading: `${u.displayName} (@${u.username})`,
      html: u.bioHtml,
      back: userPath(u.username),
    };
  }
  throw notFound("That page");
}

/**
 * Files a report: one open report per reporter and target (a second one changes nothing and
 * is thanked all the same). Returns the target, for the thank-you page's link back.
 */
export async function fileReport(
  db: Kysely<Database>,
  reporter: CurrentUser,
  kind: string,
  ref: string,
  input: { reason: string; details: string },
): Promise<ReportTarget> {
  // A confirmed address, as for writing: an account made a minute ago with an invented address
  // would otherwise fill the moderators' queue.
  assertCanPublish(reporter);
  const target = await findReportTarget(db, reporter, kind, ref);
  if (!isReportReason(input.reason)) throw invalid("Please pick a reason.");
  const details = input.details.trim();
  if (details.length > REPORT_DETAILS_MAX_CHARS) {
    throw invalid(`Please keep the details within ${REPORT_DETAILS_MAX_CHARS} characters.`);
  }
  await consumeRateLimit(db, "reportPerUser", String(reporter.id));
  await insertOpenReport(db, {
    reporterId: reporter.id,
    target: { kind: target.kind, id: target.id },
    reason: storedReason(input.reason, details),
    at: nowIso(),
  });
  return target;
}
