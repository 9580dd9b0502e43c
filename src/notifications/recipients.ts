import type { User } from "../users/users.mapper";

/**
 * Whether a person gets comment mail at this address: their setting is on, the address is
 * theirs and confirmed, and the account is live. Asked when a mail is queued and again when
 * it is sent, so an unsubscribe or a new address in between stops a queued mail.
 */
export function wantsCommentMail(u: User, address?: string): boolean {
  return (
    u.commentMail &&
    u.email !== null &&
    u.emailVerified &&
    !u.banned &&
    !u.deleted &&
    (address === undefined || u.email === address)
  );
}
