import type { Kysely } from "kysely";
import { cacheTag } from "../core/cache-tags";
import { DomainError, invalid } from "../core/errors";
import { hashToken, isWellFormedToken } from "../core/tokens";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { insertUser, isEmailTaken } from "../users/users.service";
import { type AccountDeps, isVerifyLinkUsable, verifyEmail } from "./accounts.service";
import { findTokenOwnerUsername } from "./auth-tokens.repo";
import { claimUsername, consumePendingSignup, peekPendingSignup } from "./pending-signups.repo";
import { startSession } from "./sessions.service";
import { USERNAME_TAKEN } from "./signup.service";
import { isUsernameTaken } from "./usernames.service";

// The links in confirmation mails, at /verify/TOKEN. Sign-up makes the account at once and
// mails a link that confirms its address (an auth token, like an address change's); links
// mailed before that, by the older sign-up that made no account until its link was opened,
// still create their account from the pending sign-up for the 48 hours they live.

const SIGNUP_LINK_BAD =
  "This link is not valid any more. Sign-up links work once, for 48 hours; sign up again.";
const ADDRESS_HAS_ACCOUNT =
  "That address has an account now, so no new one was made. Log in, or reset its password.";

/** The account a usable link would confirm, without using it (for the form behind the link). */
export async function confirmationLinkAccount(
  db: Kysely<Database>,
  token: string,
): Promise<string | null> {
  if (!isWellFormedToken(token)) return null;
  const pending = await peekPendingSignup(db, hashToken(token), new Date().toISOString());
  if (pending) return pending;
  if (!(await isVerifyLinkUsable(db, token))) return null;
  return findTokenOwnerUsername(db, hashToken(token));
}

export interface Confirmation {
  username: string;
  email: string;
  /** A new session for this browser's cookie, or null when it stays as it is. */
  session: string | null;
  /** Logged in as another account, which stays logged in: the page says whose was confirmed. */
  otherAccount: boolean;
}

/**
 * Uses a confirmation link. A new account's first confirmation logs the browser in when it is
 * not logged in and is the browser that signed up (it holds the key whose hash the link
 * carries): whoever else reads that inbox — a mistyped address's owner, or someone an
 * attacker signed up with their address — confirms it but is not logged in. A browser logged
 * in as someone else stays so (never switched silently), and an address change of an account
 * that had a confirmed address logs nobody in.
 */
export async function openConfirmationLink(
  deps: AccountDeps,
  token: string,
  browser: { userId: number | null; userAgent: string; signupKey: string | null },
): Promise<Confirmation> {
  const confirmed = await confirmEither(deps, token);
  const otherAccount = browser.userId !== null && browser.userId !== confirmed.userId;
  const signedUpHere =
    confirmed.browserHash === null ||
    (browser.signupKey !== null && hashToken(browser.signupKey) === confirmed.browserHash);
  const session =
    browser.userId === null && confirmed.first && !confirmed.banned && signedUpHere
      ? await startSession(deps.db, confirmed.userId, browser.userAgent)
      : null;
  return { username: confirmed.username, email: confirmed.email, session, otherAccount };
}

type Confirmed = {
  userId: number;
  username: string;
  email: string;
  first: boolean;
  banned: boolean;
  /** Null: a link with no browser to match (the older pending sign-ups' links). */
  browserHash: string | null;
};

async function confirmEither(deps: AccountDeps, token: string): Promise<Confirmed> {
  if (isWellFormedToken(token)) {
    const username = await peekPendingSignup(deps.db, hashToken(token), new Date().toISOString());
    if (username) return confirmPendingSignUp(deps.db, token, username);
  }
  return verifyEmail(deps, token);
}

type Outcome = { made: Confirmed } | "address_taken" | "name_taken" | "gone";

/**
 * Turns an older pending sign-up into a confirmed account, in one transaction that claims the
 * name first (as sign-up, ORCID and the operator do), uses up the link and inserts the user. A
 * link whose address or name was taken meanwhile is used up all the same (it could never
 * work), and says why.
 */
async function confirmPendingSignUp(
  db: Kysely<Database>,
  token: string,
  username: string,
): Promise<Confirmed> {
  const tokenHash = hashToken(token);
  let outcome: Outcome;
  const seen = { email: "" };
  try {
    // A new profile is public.
    outcome = await writeVisible(
      db,
      async (trx): Promise<Outcome> => {
        const at = new Date().toISOString();
        await claimUsername(trx, username, at);
        const pending = await consumePendingSignup(trx, tokenHash, at);
        if (!pending) return "gone";
        seen.email = pending.email;
        if (await isEmailTaken(trx, pending.email)) return "address_taken";
        if (await isUsernameTaken(trx, pending.username, at)) return "name_taken";
        const userId = await insertUser(trx, {
          username: pending.username,
          displayName: pending.username,
          bio: "",
          bioHtml: "",
          orcid: null,
          email: pending.email,
          passwordHash: pending.password_hash,
          emailVerifiedAt: at,
          createdAt: at,
        });
        const made = { userId, username: pending.username, email: pending.email };
        return { made: { ...made, first: true, banned: false, browserHash: null } };
      },
      {
        changed: (o) => typeof o === "object",
        // A new, empty profile and the lists of people; no other page shows the account yet.
        tags: (o) => (typeof o === "object" ? [cacheTag.people, cacheTag.user(o.made.userId)] : []),
      },
    );
  } catch (error) {
    // An e-mail change confirmed the same address at the same moment: its unique key decided.
    if (!(error instanceof DomainError) && seen.email && (await isEmailTaken(db, seen.email)))
      throw invalid(ADDRESS_HAS_ACCOUNT);
    throw error;
  }
  if (outcome === "gone") throw invalid(SIGNUP_LINK_BAD);
  if (outcome === "address_taken") throw invalid(ADDRESS_HAS_ACCOUNT);
  if (outcome === "name_taken") throw new DomainError("conflict", USERNAME_TAKEN);
  return outcome.made;
}
