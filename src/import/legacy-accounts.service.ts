// The original site's users as accounts here, without passwords: their owners set one through
// "Forgot your password?", mailed to the address kept here. An address the original confirmed
// (verifiedemail = 1) counts as confirmed; any other stays unconfirmed until its owner asks
// Settings for a confirmation link, as any unconfirmed account would. A user the original
// banned (its `banned` flag) is made banned here, so cannot log in. An address another
// account here already has is dropped (ours are unique; the original only checked in PHP), so
// the reset mail can never reach the wrong account. Accounts are made once: a re-run leaves
// them as their owners may since have changed them.

import type { Kysely } from "kysely";
import { emailSchema, isReservedUsername, normalizeOrcid } from "../auth/account-rules";
import { isUsernameTaken } from "../auth/usernames.service";
import { BIO_MAX_BYTES, DISPLAY_NAME_MAX } from "../core/limits";
import { type RenderFn, renderOrRefuse } from "../core/render-contract";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { banUser, insertUser, isEmailTaken } from "../users/users.service";
import { findLegacyIds, recordLegacyId } from "./legacy-keys.repo";
import type { LegacyUser } from "./legacy-rows";
import { usernameCandidates } from "./legacy-usernames";

export const LEGACY_SOURCE = "shortscience-mysql";

export interface AccountsOutcome {
  created: number;
  unchanged: number;
  /** Accounts whose name here differs from the original's (lower case aside). */
  renamed: { from: string; to: string }[];
  emailsDropped: number;
}

function cutBytes(text: string, max: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= max) return text;
  // Cut on a character boundary: the decoder drops a partial last character.
  return new TextDecoder().decode(bytes.subarray(0, max)).replace(/\uFFFD$/, "");
}

async function freeUsername(trx: Kysely<Database>, u: LegacyUser): Promise<string | null> {
  for (const name of usernameCandidates(u.username, u.id)) {
    if (isReservedUsername(name)) continue;
    if (!(await isUsernameTaken(trx, name))) return name;
  }
  return null;
}

/** Makes the accounts of users not imported before; each in its own short transaction. */
export async function importLegacyUsers(
  db: Kysely<Database>,
  render: RenderFn,
  users: readonly LegacyUser[],
  onBad: (u: LegacyUser, message: string) => void,
): Promise<AccountsOutcome> {
  const out: AccountsOutcome = { created: 0, unchanged: 0, renamed: [], emailsDropped: 0 };
  const known = await findLegacyIds(
    db,
    LEGACY_SOURCE,
    "user",
    users.map((u) => String(u.id)),
  );
  for (const u of users) {
    if (known.has(String(u.id))) {
      out.unchanged++;
      continue;
    }
    const bio = cutBytes(u.bio.trim(), BIO_MAX_BYTES);
    let bioHtml = "";
    try {
      bioHtml = bio ? (await renderOrRefuse(render, bio)).html : "";
    } catch (error) {
      onBad(u, `bio: ${(error as Error).message}`);
      continue;
    }
    const address = u.email && emailSchema.safeParse(u.email).success ? u.email : null;
    const made = await writeVisible(db, async (trx) => {
      // A second run in parallel, or a user twice in the dump: made once.
      const again = await findLegacyIds(trx, LEGACY_SOURCE, "user", [String(u.id)]);
      if (again.size > 0) return "known" as const;
      const username = await freeUsername(trx, u);
      if (!username) return null;
      const email = address && !(await isEmailTaken(trx, address)) ? address : null;
      const id = await insertUser(trx, {
        username,
        displayName: cutBytes(u.displayName || username, DISPLAY_NAME_MAX),
        bio,
        bioHtml,
        orcid: u.orcid ? normalizeOrcid(u.orcid) : null,
        email,
        createdAt: u.createdAt ?? new Date().toISOString(),
        passwordHash: null,
        emailVerifiedAt: email && u.emailVerified ? new Date().toISOString() : null,
      });
      // The original has no ban date: banned as of this import. An account has no session yet,
      // so there is none to end.
      if (u.banned) await banUser(trx, id, new Date().toISOString());
      await recordLegacyId(trx, LEGACY_SOURCE, "user", String(u.id), id);
      return { username, emailDropped: u.email !== null && email === null };
    });
    if (!made) {
      onBad(u, `no free username for ${u.username}`);
      continue;
    }
    if (made === "known") {
      out.unchanged++;
      continue;
    }
    out.created++;
    if (made.emailDropped) out.emailsDropped++;
    if (made.username !== u.username.toLowerCase()) {
      out.renamed.push({ from: u.username, to: made.username });
    }
  }
  return out;
}
