import type { Kysely } from "kysely";
import { cacheTag } from "../core/cache-tags";
import { notFound } from "../core/errors";
import { PROFILE_COMMENTS_PAGE_SIZE, PROFILE_SUMMARIES_PAGE_SIZE } from "../core/limits";
import { pageWindow } from "../core/paging";
import { type RenderFn, renderOrRefuse } from "../core/render-contract";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import {
  countUserSummaries,
  listUserSummaryCards,
  type SummaryCard,
} from "../summaries/summaries.service";
import { countProfileComments, selectProfileComments } from "./profile-comments.repo";
import { getReputationUntil } from "./reputation.service";
import { findUserByUsername, listUsersForBioRerender, updateUserBioHtml } from "./users.repo";

const BIO_BATCH = 200;

/** What every tab of a profile shows at its top. */
export interface ProfileHeader {
  username: string;
  displayName: string;
  bioHtml: string;
  orcid: string | null;
  memberSince: string;
  /** README "Reputation": the average net vote per counted summary, 3 decimals. */
  reputation: number;
}

/** For the page cache: when the reputation may move with time alone (never shown). */
interface TimeBound {
  currentUntil: number | null;
}

export interface ProfilePage extends ProfileHeader, TimeBound {
  /** For the page's cache tag (core/cache-tags.ts): never shown. */
  userId: number;
  page: number;
  pageCount: number;
  /** All the listed summaries that carry the user's name, on every page. */
  summaryCount: number;
  /** This page's, as cards: each is read in full on its own page. */
  summaries: SummaryCard[];
}

export interface ProfileComment {
  id: number;
  summaryId: number;
  html: string;
  createdAt: string;
  paperTitle: string;
}

export interface ProfileCommentsPage extends ProfileHeader, TimeBound {
  /** For the page's cache tag (core/cache-tags.ts): never shown. */
  userId: number;
  page: number;
  pageCount: number;
  comments: ProfileComment[];
}

async function profileHeader(
  db: Kysely<Database>,
  username: string,
): Promise<ProfileHeader & TimeBound & { id: number }> {
  const user = await findUserByUsername(db, username);
  if (!user) throw notFound("That user");
  const { reputation, currentUntil } = await getReputationUntil(db, user.id);
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    bioHtml: user.bio_html,
    orcid: user.orcid,
    memberSince: user.created_at,
    reputation,
    currentUntil,
  };
}

/**
 * Only the header (the API's user object, the owner's private tab): reads no summary cards,
 * which a profile page reads a page of.
 */
export async function getProfileHeader(
  db: Kysely<Database>,
  username: string,
): Promise<ProfileHeader> {
  const { id: _id, currentUntil: _until, ...header } = await profileHeader(db, username);
  return header;
}

/** A profile shows only public summaries that carry the user's name, a page at a time. */
export async function getProfile(
  db: Kysely<Database>,
  username: string,
  page = 1,
): Promise<ProfilePage> {
  const { id, ...header } = await profileHeader(db, username);
  const summaryCount = await countUserSummaries(db, id);
  const { pageCount, offset, limit } = pageWindow(summaryCount, PROFILE_SUMMARIES_PAGE_SIZE, page);
  const summaries = await listUserSummaryCards(db, id, { offset, limit });
  return { ...header, userId: id, page, pageCount, summaryCount, summaries };
}

/** The comments tab: the user's comments on public summaries, newest first, a page at a time. */
export async function getProfileComments(
  db: Kysely<Database>,
  username: string,
  page: number,
): Promise<ProfileCommentsPage> {
  const { id, ...header } = await profileHeader(db, username);
  const total = await countProfileComments(db, id);
  const { pageCount, offset } = pageWindow(total, PROFILE_COMMENTS_PAGE_SIZE, page);
  const rows = await selectProfileComments(db, id, offset, PROFILE_COMMENTS_PAGE_SIZE);
  return {
    ...header,
    userId: id,
    page,
    pageCount,
    comments: rows.map((r) => ({
      id: r.id,
      summaryId: r.summary_id,
      html: r.html,
      createdAt: r.created_at,
      paperTitle: r.paper_title,
    })),
  };
}

/** Re-renders every bio (they are short and few next to summaries); a failed one keeps its HTML. */
export async function rerenderBios(
  db: Kysely<Database>,
  render: RenderFn,
): Promise<{ rendered: number; failed: { id: number; message: string }[] }> {
  const users = await listUsersForBioRerender(db);
  const failed: { id: number; message: string }[] = [];
  let total = 0;
  for (let i = 0; i < users.length; i += BIO_BATCH) {
    const rendered: { id: number; bio: string; html: string }[] = [];
    for (const u of users.slice(i, i + BIO_BATCH)) {
      if (u.bio === "") continue;
      try {
        rendered.push({ id: u.id, bio: u.bio, html: (await renderOrRefuse(render, u.bio)).html });
      } catch (error) {
        failed.push({ id: u.id, message: (error as Error).message });
      }
    }
    await writeVisible(
      db,
      async (trx) => {
        for (const { id, bio, html } of rendered) await updateUserBioHtml(trx, id, { bio, html });
      },
      // A bio shows on its profile alone (more than a write may name: every page drops).
      { changed: () => rendered.length > 0, tags: () => rendered.map((r) => cacheTag.user(r.id)) },
    );
    total += rendered.length;
  }
  return { rendered: total, failed };
}

// --- Accounts ------------------------------------------------------------------------------
// Auth, settings and the operator's commands reach the users table only through these; the
// repo is the table's one writer and hands out User objects (users.mapper.ts), never rows.

export { ROLES, type Role, type User } from "./users.mapper";
export type { NewUser, ProfileChange } from "./users.repo";
export {
  anonymize as anonymizeUser,
  ban as banUser,
  confirmEmail,
  deleteNeverConfirmedAccounts,
  deleteUser,
  findLiveUserByUsername,
  findUserByEmail,
  findUserById,
  findUserForLogin,
  findUsersByIds,
  hasUsername,
  insertUser,
  isEmailTaken,
  lockLiveAccount,
  releaseTypedOrcid,
  setOrcid,
  setPasswordHash,
  setPendingEmail,
  setRole,
  turnOffCommentMail,
  unban as unbanUser,
  updateProfile,
} from "./users.repo";
