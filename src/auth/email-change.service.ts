import { invalid } from "../core/errors";
import { emailInUseMail, verifyEmailMail } from "../mail/templates";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { addressKey } from "../users/user-keys";
import { findUserById, isEmailTaken, setPendingEmail } from "../users/users.service";
import { emailSchema } from "./account-rules";
import { issueAccountLink } from "./account-tokens";
import { type AccountDeps, CURRENT_PASSWORD_WRONG, parse } from "./accounts.service";
import { reserveAddressMail } from "./address-mail";
import { assertCurrentPassword } from "./password-check";

/**
 * Asks for a new address; it takes effect once its verification link is opened. Needs the
 * current password (limited per user and client address). Whether another account uses the
 * address changes neither the answer nor the limits (on the account, and on the address:
 * reserveAddressMail) nor the work: one password check and one mail, which says the address
 * is taken when it is.
 */
export async function changeEmail(
  deps: AccountDeps,
  input: { userId: number; email: string; password: string; ip: string },
): Promise<void> {
  const email = parse(emailSchema, input.email);
  const user = await findUserById(deps.db, input.userId);
  if (!user) throw invalid("Unknown account.");
  await assertCurrentPassword(deps.db, {
    user,
    password: input.password,
    ip: input.ip,
    wrongMessage: CURRENT_PASSWORD_WRONG,
  });
  await consumeRateLimit(deps.db, "verifyMailPerAccount", String(user.id));
  const mayMail = await reserveAddressMail(deps.db, addressKey(email), input.ip);
  const taken = await isEmailTaken(deps.db, email, user.id);
  // A taken address is recorded as pending too, with a link that can never confirm it (the
  // verification refuses a taken address): Settings then look the same either way.
  const link = await deps.db.transaction().execute(async (trx) => {
    await setPendingEmail(trx, user.id, email);
    return issueAccountLink(trx, deps.baseUrl, { userId: user.id, purpose: "verify_email", email });
  });
  // Past the address's overall cap the change waits, unmailed; Settings can send the link again.
  if (!mayMail) return;
  await deps.mailer.send(
    taken ? emailInUseMail(email, deps.baseUrl) : verifyEmailMail(email, user.username, link),
  );
}
