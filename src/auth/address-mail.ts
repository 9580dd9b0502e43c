import type { Kysely } from "kysely";
import { RateLimitedError } from "../core/errors";
import type { Database } from "../db/schema";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";

/**
 * Limits mail to an address anyone can type (sign-up, password reset, e-mail change). Both
 * limits key on the normalised address, never on an account, so a registered address and an
 * unknown one answer alike.
 *
 * - Per address and requesting client: past it the request is refused (429). A stranger who
 *   uses up their attempts for someone's address has used up only their own: the owner, asking
 *   from their own address, still gets a mail.
 * - Per address from all clients: protects the inbox from many clients at once. Past it the
 *   answer stays "sent" and the mail is skipped, so it neither tells anything nor gives the
 *   stranger a visible lever. (A stranger with more client addresses than this cap divided by
 *   the first one can still hold the owner's mails back for the window: the price of the cap.)
 *
 * Throws RateLimitedError past the first; returns whether the mail may go.
 */
export async function reserveAddressMail(
  db: Kysely<Database>,
  address: string,
  clientAddress: string,
): Promise<boolean> {
  await consumeRateLimit(db, "mailPerAddressPerClient", `${address} ${clientAddress}`);
  try {
    await consumeRateLimit(db, "mailPerAddress", address);
    return true;
  } catch (error) {
    if (error instanceof RateLimitedError) return false;
    throw error;
  }
}
