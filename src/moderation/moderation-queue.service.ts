import type { Kysely } from "kysely";
import {
  MODERATION_HIDDEN_PAGE_SIZE,
  MODERATION_LOG_PAGE_SIZE,
  MODERATION_QUEUE_PAGE_SIZE,
} from "../core/limits";
import { pageWindow } from "../core/paging";
import type { Database } from "../db/schema";
import { findUsersByIds } from "../users/users.service";
import { countLogEntries, listLogEntries } from "./moderation-log.repo";
import {
  countHidden,
  findCommentTargets,
  findSummaryTargets,
  listHidden,
} from "./moderation-targets.repo";
import { readReason } from "./report-reasons";
import {
  countOpenTargets,
  listOpenReportsOn,
  listOpenTargets,
  type TargetKind,
  type TargetRef,
} from "./reports.repo";

// What the moderators' pages read: the queue of reported targets, the hidden list and the log.

export interface Person {
  username: string;
  displayName: string;
}

/** A reported or hidden thing as a moderator sees it, whatever its state. */
export type TargetView =
  | {
      kind: "summary" | "comment";
      id: number;
      html: string;
      paperTitle: string;
      author: Person;
      /** Where readers see it (while it is not hidden). */
      href: string;
      hidden: boolean;
      /** Deleted by its author, or (a summary) private, or (a comment) on an unlisted summary. */
      unlisted: boolean;
    }
  | {
      kind: "user";
      id: number;
      person: Person;
      bioHtml: string;
      role: string;
      banned: boolean;
      deleted: boolean;
    };

export interface QueueReport {
  label: string;
  details: string;
  reporter: Person | null;
  at: string;
}

export interface QueueItem {
  kind: TargetKind;
  id: number;
  /** Null when the target is gone for good (a deleted row or account). */
  target: TargetView | null;
  reports: QueueReport[];
}

export interface Paged<T> {
  page: number;
  pageCount: number;
  items: T[];
}

const person = (username: string, displayName: string): Person => ({ username, displayName });

/** The views of these targets, by "kind:id". */
async function targetViews(
  db: Kysely<Database>,
  refs: readonly TargetRef[],
): Promise<Map<string, TargetView>> {
  const ids = (kind: TargetKind) => refs.filter((r) => r.kind === kind).map((r) => r.id);
  const views = new Map<string, TargetView>();
  for (const s of await findSummaryTargets(db, ids("summary"))) {
    views.set(`summary:${s.id}`, {
      kind: "summary",
      id: s.id,
      html: s.html,
      paperTitle: s.paper_title,
      author: person(s.author_username, s.author_display_name),
      href: `/summary/${s.id}`,
      hidden: s.hidden_at !== null,
      unlisted: s.is_private !== 0 || s.deleted_at !== null,
    });
  }
  for (const c of await findCommentTargets(db, ids("comment"))) {
    views.set(`comment:${c.id}`, {
      kind: "comment",
      id: c.id,
      html: c.html,
      paperTitle: c.paper_title,
      author: person(c.author_username, c.author_display_name),
      href: `/summary/${c.summary_id}#comment-${c.id}`,
      hidden: c.hidden_at !== null,
      unlisted: c.deleted_at !== null || c.summary_listed !== 1,
    });
  }
  for (const u of await findUsersByIds(db, ids("user"))) {
    views.set(`user:${u.id}`, {
      kind: "user",
      id: u.id,
      person: person(u.username, u.displayName),
      bioHtml: u.bioHtml,
      role: u.role,
      banned: u.banned,
      deleted: u.deleted,
    });
  }
  return views;
}

/** Open reports grouped by target, the longest waiting target first. */
export async function getQueue(db: Kysely<Database>, page: number): Promise<Paged<QueueItem>> {
  const { pageCount, offset } = pageWindow(
    await countOpenTargets(db),
    MODERATION_QUEUE_PAGE_SIZE,
    page,
  );
  const rows = await listOpenTargets(db, offset, MODERATION_QUEUE_PAGE_SIZE);
  const refs = rows.map((r) => ({ kind: r.target_kind as TargetKind, id: r.target_id }));
  const [views, reports] = [await targetViews(db, refs), await listOpenReportsOn(db, refs)];
  const items = refs.map((ref) => ({
    ...ref,
    target: views.get(`${ref.kind}:${ref.id}`) ?? null,
    reports: reports
      .filter((r) => r.target_kind === ref.kind && r.target_id === ref.id)
      .map((r) => ({
        ...readReason(r.reason),
        reporter:
          r.reporter_username === null
            ? null
            : person(r.reporter_username, r.reporter_display_name ?? r.reporter_username),
        at: r.created_at,
      })),
  }));
  return { page, pageCount, items };
}

export interface HiddenItem {
  hiddenAt: string;
  target: TargetView;
}

/** Hidden summaries and comments, the latest hidden first. */
export async function getHidden(db: Kysely<Database>, page: number): Promise<Paged<HiddenItem>> {
  const { pageCount, offset } = pageWindow(
    await countHidden(db),
    MODERATION_HIDDEN_PAGE_SIZE,
    page,
  );
  const rows = await listHidden(db, offset, MODERATION_HIDDEN_PAGE_SIZE);
  const views = await targetViews(
    db,
    rows.map((r) => ({ kind: r.kind as TargetKind, id: r.id })),
  );
  const items = rows.flatMap((r) => {
    const target = views.get(`${r.kind}:${r.id}`);
    return target ? [{ hiddenAt: r.hidden_at, target }] : [];
  });
  return { page, pageCount, items };
}

export interface LogEntry {
  at: string;
  actor: Person | null;
  action: string;
  kind: string;
  targetId: number;
  /** A person's name when the target is a person. */
  targetPerson: string | null;
  note: string;
}

/** The audit log, newest first. */
export async function getLog(db: Kysely<Database>, page: number): Promise<Paged<LogEntry>> {
  const { pageCount, offset } = pageWindow(
    await countLogEntries(db),
    MODERATION_LOG_PAGE_SIZE,
    page,
  );
  const rows = await listLogEntries(db, offset, MODERATION_LOG_PAGE_SIZE);
  const items = rows.map((r) => ({
    at: r.created_at,
    actor:
      r.actor_username === null
        ? null
        : person(r.actor_username, r.actor_display_name ?? r.actor_username),
    action: r.action,
    kind: r.target_kind,
    targetId: r.target_id,
    targetPerson: r.target_username,
    note: r.note,
  }));
  return { page, pageCount, items };
}
