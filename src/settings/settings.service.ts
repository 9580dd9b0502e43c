import type { Kysely } from "kysely";
import { normalizeOrcid } from "../auth/account-rules";
import { forgetIdentities } from "../auth/oidc-accounts.service";
import { assertCurrentPassword } from "../auth/password-check";
import { endAllSessions } from "../auth/sessions.service";
import { isUsernameTaken } from "../auth/usernames.service";
import { cacheTag } from "../core/cache-tags";
import { DomainError, invalid, notFound } from "../core/errors";
import { BIO_MAX_BYTES, DISPLAY_NAME_MAX } from "../core/limits";
import type { RenderFn } from "../core/render-contract";
import { renderOrRefuse } from "../core/render-contract";
import { randomToken } from "../core/tokens";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import {
  anonymizeUser,
  deleteUser,
  findUserById,
  updateProfile as storeProfile,
} from "../users/users.service";
import { lockForAccountDeletion, removeVotesOf } from "../votes/votes.service";

export interface SettingsView {
  username: string;
  displayName: string;
  bio: string;
  orcid: string | null;
  email: string | null;
  emailVerified: boolean;
  pendingEmail: string | null;
  notifyComments: boolean;
  hasPassword: boolean;
}

export async function getSettings(db: Kysely<Database>, userId: number): Promise<SettingsView> {
  const u = await findUserById(db, userId);
  if (!u) throw notFound("Your account");
  return {
    username: u.username,
    displayName: u.displayName,
    bio: u.bio,
    orcid: u.orcid,
    email: u.email,
    emailVerified: u.emailVerified,
    pendingEmail: u.pendingEmail,
    notifyComments: u.commentMail,
    hasPassword: u.passwordHash !== null,
  };
}

export interface ProfileInput {
  displayName: string;
  bio: string;
  orcid: string;
  notifyComments: boolean;
}

/** Display name and bio are the person's own text: stored as typed, shown escaped, bio rendered. */
export async function updateProfile(
  db: Kysely<Database>,
  render: RenderFn,
  userId: number,
  input: ProfileInput,
): Promise<void> {
  const displayName = input.displayName.trim().replace(/\s+/g, " ");
  if (displayName === "") throw invalid("Your display name cannot be empty.");
  if (displayName.length > DISPLAY_NAME_MAX)
    throw invalid(`A display name has at most ${DISPLAY_NAME_MAX} characters.`);
  if (Buffer.byteLength(input.bio, "utf8") > BIO_MAX_BYTES)
    throw new DomainError("too_large", `A bio may be at most ${BIO_MAX_BYTES / 1000} KB.`);
  // A bio is published on the profile with its links: like any writing, it needs a confirmed
  // address, or a throwaway sign-up could post links for the two days it lives.
  if (input.bio.trim() !== "" && !(await findUserById(db, userId))?.emailVerified) {
    throw new DomainError(
      "forbidden",
      "Confirm your e-mail address to add a bio: open the link we sent you (Settings can send it again).",
    );
  }
  let orcid: string | null = null;
  if (input.orcid.trim() !== "") {
    orcid = normalizeOrcid(input.orcid);
    if (!orcid)
      throw invalid(
        "That is not a valid ORCID iD (like 0000-0002-1825-0097: its last character is a checksum).",
      );
  }
  const bioHtml = input.bio.trim() === "" ? "" : (await renderOrRefuse(render, input.bio)).html;
  await writeVisible(
    db,
    async (trx) => {
      const before = await findUserById(trx, userId);
      await storeProfile(trx, userId, {
        displayName,
        bio: input.bio,
        bioHtml,
        orcid,
        commentMail: input.notifyComments,
      });
      // Bio and ORCID show on the profile alone; the name on every page that credits them.
      return before?.displayName === displayName ? [cacheTag.user(userId)] : [];
    },
    { tags: (tags) => tags },
  );
}

export type DeletionMode = "keep" | "remove";

/**
 * Deletes an account. "keep": summaries and comments stay, shown as by "Deleted user", and
 * nothing else of the person remains. "remove": the account and everything it wrote go,
 * and the scores its votes made are recounted.
 */
export async function deleteAccount(
  db: Kysely<Database>,
  input: { userId: number; password: string; mode: DeletionMode; ip: string },
): Promise<void> {
  const u = await findUserById(db, input.userId);
  if (!u) throw notFound("Your account");
  await assertCurrentPassword(db, {
    user: u,
    password: input.password,
    ip: input.ip,
    wrongMessage: "Your password is not right.",
  });
  await writeVisible(db, async (trx) => {
    await lockForAccountDeletion(trx, u.id);
    await endAllSessions(trx, u.id);
    if (input.mode === "remove") {
      // Votes first: their scores are taken back under the locks a vote takes (votes.service).
      await removeVotesOf(trx, u.id);
      // Foreign keys cascade to the summaries, comments and sessions.
      await deleteUser(trx, u.id);
    } else {
      const name = await deletedUsername(trx, u.id);
      await anonymizeUser(trx, u.id, { username: name, at: new Date().toISOString() });
      await forgetIdentities(trx, u.id);
      await removeVotesOf(trx, u.id);
    }
  });
}

/**
 * `deleted-<id>`, or — when a row already has that name (an import, or a sign-up from before
 * such names were reserved) — the same with a random tail, so a deletion never fails on a
 * clash. Sign-up and the ORCID generator never make names beginning with "deleted".
 */
async function deletedUsername(db: Kysely<Database>, userId: number): Promise<string> {
  const plain = `deleted-${userId}`;
  if (!(await isUsernameTaken(db, plain))) return plain;
  for (;;) {
    const candidate = `${plain}-${randomToken(6)}`;
    if (!(await isUsernameTaken(db, candidate))) return candidate;
  }
}
