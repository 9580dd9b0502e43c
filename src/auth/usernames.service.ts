import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { hasUsername } from "../users/users.service";
import { isUsernamePending } from "./pending-signups.repo";

/**
 * Whether an account has the name, or a sign-up waiting for its link holds it. Only inside a
 * transaction that claimed the name (claimUsername) does the answer hold until the insert.
 */
export async function isUsernameTaken(
  db: Kysely<Database>,
  username: string,
  nowIso = new Date().toISOString(),
): Promise<boolean> {
  return (await hasUsername(db, username)) || isUsernamePending(db, username, nowIso);
}
