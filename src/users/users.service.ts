import type { Kysely } from "kysely";
import { notFound } from "../core/errors";
import { type RenderFn, renderOrRefuse } from "../core/render-contract";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { listUserSummaryViews } from "../summaries/summaries.service";
import type { SummaryView } from "../summaries/summary-view";
import {
  findUserByUsername,
  listUsersForBioRerender,
  updateUserBioHtml,
  userReputation,
} from "./users.repo";

const BIO_BATCH = 200;

export interface ProfilePage {
  username: string;
  displayName: string;
  bioHtml: string;
  orcid: string | null;
  memberSince: string;
  reputation: number;
  summaries: SummaryView[];
}

/** A profile shows only public summaries that carry the user's name. */
export async function getProfile(db: Kysely<Database>, username: string): Promise<ProfilePage> {
  const user = await findUserByUsername(db, username);
  if (!user) throw notFound("That user");
  return {
    username: user.username,
    displayName: user.display_name,
    bioHtml: user.bio_html,
    orcid: user.orcid,
    memberSince: user.created_at,
    reputation: await userReputation(db, user.id),
    summaries: await listUserSummaryViews(db, user.id),
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
      { changed: () => rendered.length > 0 },
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
  deleteUser,
  findLiveUserByUsername,
  findUserByEmail,
  findUserById,
  findUserForLogin,
  hasUsername,
  insertUser,
  isEmailTaken,
  lockLiveAccount,
  releaseTypedOrcid,
  setOrcid,
  setPasswordHash,
  setPendingEmail,
  setRole,
  unban as unbanUser,
  updateProfile,
} from "./users.repo";
