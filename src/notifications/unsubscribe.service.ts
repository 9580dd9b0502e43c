import { createHmac, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import { UNSUBSCRIBE_TOKEN_MAX_CHARS } from "../core/limits";
import { nowIso } from "../core/time";
import { randomToken } from "../core/tokens";
import type { Database } from "../db/schema";
import { turnOffCommentMail } from "../users/users.service";
import { insertSecretIfMissing, readSecret } from "./server-secrets.repo";

// One-click unsubscribe links (RFC 8058): `<user id>.<HMAC-SHA256 of the purpose and id>`,
// keyed by a secret the server makes on first use and keeps in the database (the app has no
// secret in its configuration, and none may live in the repository). Anyone holding the link
// may turn that one setting off, without logging in: it is what the mail's recipient got.

const KEY_NAME = "unsubscribe-hmac-key";
const PURPOSE = "unsubscribe:comment-mail:";
const TOKEN = /^([1-9][0-9]{0,14})\.([A-Za-z0-9_-]{43})$/;

/** The HMAC key of unsubscribe links (opaque: get it from unsubscribeKey). */
export type UnsubscribeKey = { readonly value: string };

/**
 * The HMAC key: read, or made and stored by whichever process needs it first. Callers read it
 * once per comment, however many recipients. No cache across calls: one process may serve
 * several databases (the tests do), each with its own key.
 */
export async function unsubscribeKey(db: Kysely<Database>): Promise<UnsubscribeKey> {
  const existing = await readSecret(db, KEY_NAME);
  if (existing) return { value: existing };
  await insertSecretIfMissing(db, { name: KEY_NAME, value: randomToken(32), at: nowIso() });
  const stored = await readSecret(db, KEY_NAME);
  if (!stored) throw new Error("the unsubscribe key could not be stored");
  return { value: stored };
}

function sign(key: UnsubscribeKey, userId: number): string {
  return createHmac("sha256", key.value).update(`${PURPOSE}${userId}`).digest("base64url");
}

/** A link token signed with a key already in hand (one key for many recipients). */
export function unsubscribeTokenWith(key: UnsubscribeKey, userId: number): string {
  return `${userId}.${sign(key, userId)}`;
}

export async function unsubscribeToken(db: Kysely<Database>, userId: number): Promise<string> {
  return unsubscribeTokenWith(await unsubscribeKey(db), userId);
}

/** The account a token was issued for, or null for anything forged, altered or malformed. */
export async function verifyUnsubscribeToken(
  db: Kysely<Database>,
  token: string,
): Promise<number | null> {
  if (token.length > UNSUBSCRIBE_TOKEN_MAX_CHARS) return null;
  const m = TOKEN.exec(token);
  if (!m) return null;
  const userId = Number(m[1]);
  const expected = Buffer.from(sign(await unsubscribeKey(db), userId));
  const given = Buffer.from(m[2] as string);
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

/** Turns comment mail off for the token's account; null when the token is not ours. */
export async function unsubscribe(
  db: Kysely<Database>,
  token: string,
): Promise<{ changed: boolean } | null> {
  const userId = await verifyUnsubscribeToken(db, token);
  if (userId === null) return null;
  return { changed: await turnOffCommentMail(db, userId) };
}
