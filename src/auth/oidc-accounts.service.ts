import type { Kysely } from "kysely";
import { DomainError } from "../core/errors";
import { DISPLAY_NAME_MAX, USERNAME_MAX, USERNAME_MIN } from "../core/limits";
import { hashToken, randomToken } from "../core/tokens";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import {
  findUserById,
  insertUser,
  isEmailTaken,
  releaseTypedOrcid,
  setOrcid,
} from "../users/users.service";
import { isReservedUsername } from "./account-rules";
import {
  deleteIdentitiesOf,
  findIdentityOfUser,
  findIdentityUserId,
  insertIdentity,
} from "./oidc.repo";
import { claimUsername } from "./pending-signups.repo";
import { isUsernameTaken } from "./usernames.service";

// Which of our accounts an OpenID Connect sign-in belongs to. The only proof of identity is
// the (issuer, subject) pair the provider signed; an ORCID iD typed in Settings or an e-mail
// address proves nothing, so neither ever opens an existing account.

/** What the provider vouched for, already checked (signature, nonce, audience, expiry). */
export interface OidcProfile {
  issuer: string;
  subject: string;
  /** The subject as an ORCID iD when it is one (ORCID puts the iD in `sub`). */
  orcid: string | null;
  name: string | null;
  /** Only an address the provider says it verified. */
  email: string | null;
  providerName: string;
}

export interface OidcOutcome {
  userId: number;
  created: boolean;
  linked: boolean;
}

const now = () => new Date().toISOString();

async function assertCanSignIn(db: Kysely<Database>, userId: number): Promise<void> {
  const user = await findUserById(db, userId);
  if (!user || user.deleted) {
    throw new DomainError("forbidden", "This account no longer exists.");
  }
  if (user.banned) throw new DomainError("forbidden", "This account is suspended.");
}

export async function resolveOidcAccount(
  db: Kysely<Database>,
  p: OidcProfile,
  linkUserId: number | null,
): Promise<OidcOutcome> {
  const owner = await findIdentityUserId(db, p.issuer, p.subject);
  if (owner !== null) {
    if (linkUserId !== null && owner !== linkUserId) {
      throw new DomainError(
        "conflict",
        `This ${p.providerName} account is already linked to another ShortScience account.`,
      );
    }
    await assertCanSignIn(db, owner);
    return { userId: owner, created: false, linked: false };
  }
  if (linkUserId !== null) {
    await linkIdentity(db, p, linkUserId);
    return { userId: linkUserId, created: false, linked: true };
  }
  // Two callbacks for the same new subject may race: the unique (provider, subject) lets one
  // win; the other then finds the winner's identity. A clash on a username retries.
  for (let attempt = 1; ; attempt++) {
    try {
      return { userId: await createAccount(db, p), created: true, linked: false };
    } catch (error) {
      const winner = await findIdentityUserId(db, p.issuer, p.subject);
      if (winner !== null) {
        await assertCanSignIn(db, winner);
        return { userId: winner, created: false, linked: false };
      }
      if (attempt >= 3) throw error;
    }
  }
}

async function linkIdentity(db: Kysely<Database>, p: OidcProfile, userId: number): Promise<void> {
  await assertCanSignIn(db, userId);
  if ((await findIdentityOfUser(db, p.issuer, userId)) !== null) {
    throw new DomainError(
      "conflict",
      `Your account is already linked to another ${p.providerName} account.`,
    );
  }
  // A linked ORCID iD shows on the public profile.
  await writeVisible(db, async (trx) => {
    await insertIdentity(trx, { provider: p.issuer, subject: p.subject, userId, at: now() });
    if (p.orcid) {
      await releaseTypedOrcid(trx, p.orcid, userId);
      await setOrcid(trx, userId, p.orcid);
    }
  });
}

async function createAccount(db: Kysely<Database>, p: OidcProfile): Promise<number> {
  // Public: the iD it takes leaves the profile of any account that only typed it.
  return writeVisible(db, async (trx) => {
    const username = await uniqueUsername(trx, usernameBase(p));
    const email = p.email && !(await isEmailTaken(trx, p.email)) ? p.email : null;
    const at = now();
    const id = await insertUser(trx, {
      username,
      displayName: displayName(p.name, username),
      bio: "",
      bioHtml: "",
      orcid: null,
      email,
      // The provider verified the address; a taken one is simply left out, never merged.
      emailVerifiedAt: email ? at : null,
      createdAt: at,
    });
    await insertIdentity(trx, { provider: p.issuer, subject: p.subject, userId: id, at });
    if (p.orcid) {
      await releaseTypedOrcid(trx, p.orcid, id);
      await setOrcid(trx, id, p.orcid);
    }
    return id;
  });
}

/** A deleted account's sign-in links go with it (inside the deletion's transaction). */
export async function forgetIdentities(trx: Kysely<Database>, userId: number): Promise<void> {
  await deleteIdentitiesOf(trx, userId);
}

/** "Josiah Carberry" → "Josiah-Carberry"; without a usable name, "orcid-" and the iD's end. */
export function usernameBase(p: Pick<OidcProfile, "name" | "orcid" | "subject">): string {
  const ascii = (p.name ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .slice(0, USERNAME_MAX - 6)
    .replace(/^-+|-+$/g, "");
  // A reserved base ("Admin", "Deleted …") would make reserved or misleading candidates.
  if (ascii.length >= USERNAME_MIN && !isReservedUsername(ascii)) return ascii;
  return `orcid-${p.orcid ? p.orcid.slice(-4) : hashToken(p.subject).slice(0, 4)}`;
}

/**
 * A name no account and no pending sign-up holds. Each candidate is claimed before it is
 * checked, so a sign-up cannot take it between the check and the insert (`trx` already wrote,
 * so on SQLite it holds the write lock).
 */
async function uniqueUsername(trx: Kysely<Database>, base: string): Promise<string> {
  const at = now();
  for (let n = 1; n <= 20; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (isReservedUsername(candidate)) continue;
    await claimUsername(trx, candidate, at);
    if (!(await isUsernameTaken(trx, candidate, at))) return candidate;
  }
  // A very common name: a random tail instead of probing further.
  for (;;) {
    const candidate = `${base.slice(0, USERNAME_MAX - 9)}-${randomToken(6)}`;
    if (isReservedUsername(candidate)) continue;
    await claimUsername(trx, candidate, at);
    if (!(await isUsernameTaken(trx, candidate, at))) return candidate;
  }
}

function displayName(name: string | null, username: string): string {
  const clean = (name ?? "").replace(/\s+/g, " ").trim().slice(0, DISPLAY_NAME_MAX);
  return clean || username;
}
