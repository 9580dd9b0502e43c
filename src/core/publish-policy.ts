import type { CurrentUser } from "./current-user";
import { DomainError } from "./errors";

/** Publishing needs a logged-in user with a confirmed address; anonymous visitors never write. */
export function assertCanPublish(user: CurrentUser | null): CurrentUser {
  if (!user) throw new DomainError("forbidden", "Please log in to write.");
  if (!user.emailVerified) {
    throw new DomainError(
      "forbidden",
      "Confirm your e-mail address first: open the link we sent you (Settings can send it again).",
    );
  }
  return user;
}

/** Moderators and admins correct, hide and restore what others wrote. */
export function isModerator(user: CurrentUser | null): boolean {
  return user?.role === "moderator" || user?.role === "admin";
}
