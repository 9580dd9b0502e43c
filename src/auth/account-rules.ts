import { z } from "zod";
import { EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN } from "../core/limits";
import { isCommonPassword } from "./common-passwords";

// What a username, an e-mail address and a password must be. Messages are shown to people.

export const usernameSchema = z
  .string()
  .trim()
  .min(USERNAME_MIN, `A username has at least ${USERNAME_MIN} characters.`)
  .max(USERNAME_MAX, `A username has at most ${USERNAME_MAX} characters.`)
  .regex(/^[A-Za-z0-9_-]+$/, "A username may use letters, digits, _ and - only.");

export const emailSchema = z
  .string()
  .trim()
  .max(EMAIL_MAX, "That e-mail address is too long.")
  .email("That does not look like an e-mail address.");

/**
 * Names the site uses itself, or that would pass for the site speaking: nobody may sign up
 * as them, and the ORCID username generator never produces them. Compared without case, `-`
 * or `_`, so `No_Reply` is `noreply`. Every name beginning with "deleted" is reserved too:
 * deleted accounts are renamed `deleted-<id>`.
 */
const RESERVED_USERNAMES = new Set([
  "abuse",
  "admin",
  "administrator",
  "anon",
  "anonymous",
  "api",
  "help",
  "mod",
  "moderator",
  "noreply",
  "null",
  "owner",
  "postmaster",
  "root",
  "security",
  "shortscience",
  "staff",
  "support",
  "system",
  "undefined",
  "webmaster",
]);

/** Accounts deleted with "keep my summaries" are renamed `deleted-ID`. */
export const SYSTEM_USERNAME_PREFIX = "deleted";

export function isReservedUsername(username: string): boolean {
  const canonical = username.trim().toLowerCase().replace(/[-_]/g, "");
  return RESERVED_USERNAMES.has(canonical) || canonical.startsWith(SYSTEM_USERNAME_PREFIX);
}

export const RESERVED_USERNAME_MESSAGE = "That username is reserved. Try another.";

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  if (
    username &&
    password.toLowerCase().includes(username.toLowerCase()) &&
    password.length < username.length + 6
  ) {
    return "Your password cannot be your username.";
  }
  if (isCommonPassword(password))
    return "That password is one of the most common ones. Pick another.";
  return null;
}

/** ORCID iD: 0000-0002-1825-0097; the last character is an ISO 7064 11,2 check digit (or X). */
export function isValidOrcid(orcid: string): boolean {
  if (!/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(orcid)) return false;
  const digits = orcid.replace(/-/g, "");
  let total = 0;
  for (const ch of digits.slice(0, 15)) total = (total + Number(ch)) * 2;
  const check = (12 - (total % 11)) % 11;
  return digits[15] === (check === 10 ? "X" : String(check));
}

/** Accepts an ORCID iD bare or as an orcid.org URL; returns the bare iD or null. */
export function normalizeOrcid(input: string): string | null {
  const bare = input
    .trim()
    .replace(/^https?:\/\/(www\.)?orcid\.org\//i, "")
    .toUpperCase();
  return isValidOrcid(bare) ? bare : null;
}
