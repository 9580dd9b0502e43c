import type { Kysely } from "kysely";
import { DomainError, invalid } from "../core/errors";
import { hashToken, isWellFormedToken } from "../core/tokens";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { insertUser, isEmailTaken } from "../users/users.service";
import { type AccountDeps, isVerifyLinkUsable, verifyEmail } from "./accounts.service";
import { claimUsername, consumePendingSignup, peekPendingSignup } from "./pending-signups.repo";
import { USERNAME_TAKEN } from "./signup.service";
import { isUsernameTaken } from "./usernames.service";

// The links in confirmation mails, at /verify/TOKEN: a sign-up's (which creates the account)
// or an address change's (which confirms the new address of an existing account).

export type ConfirmationLink = "signup" | "email";

const SIGNUP_LINK_BAD =
  "This link is not valid any more. Sign-up links work once, for 48 hours; sign up again.";
const ADDRESS_HAS_ACCOUNT =
  "That address has an account now, so no new one was made. Log in, or reset its password.";

/** What a usable link would do, without using it (for the form behind the link). */
export async function confirmationLinkKind(
  db: Kysely<Database>,
  token: string,
): Promise<ConfirmationLink | null> {
  if (!isWellFormedToken(token)) return null;
  if (await peekPendingSignup(db, hashToken(token), new Date().toISOString())) return "signup";
  return (await isVerifyLinkUsable(db, token)) ? "email" : null;
}

/** Uses a confirmation link; says which kind it was. */
export async function openConfirmationLink(
  deps: AccountDeps,
  token: string,
): Promise<ConfirmationLink> {
  if (isWellFormedToken(token)) {
    const username = await peekPendingSignup(deps.db, hashToken(token), new Date().toISOString());
    if (username) {
      await confirmSignUp(deps.db, token, username);
      return "signup";
    }
  }
  await verifyEmail(deps, token);
  return "email";
}

type Outcome = "created" | "address_taken" | "name_taken" | "gone";

/**
 * Turns a pending sign-up into a confirmed account, in one transaction that claims the name
 * first (as sign-up, ORCID and the operator do), uses up the link and inserts the user. It
 * logs nobody in: a link alone never does, so whoever opens it logs in with the password
 * chosen at sign-up. A link whose address or name was taken meanwhile is used up all the same
 * (it could never work), and says why.
 */
async function confirmSignUp(db: Kysely<Database>, token: string, username: string): Promise<void> {
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
        await insertUser(trx, {
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
        return "created";
      },
      { changed: (o) => o === "created" },
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
}
