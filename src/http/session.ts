import type { MiddlewareHandler } from "hono";
import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import type { Database } from "../db/schema";
import type { AppEnv } from "./app-env";
import { clearSessionCookie, readSessionCookie } from "./cookies";

/** Turns a session cookie's value into its user, or null for a dead or unknown session. */
export type SessionResolver = (db: Kysely<Database>, token: string) => Promise<CurrentUser | null>;

/** Puts the logged-in user (or null) in the context; a dead session's cookie is cleared. */
export function sessionMiddleware(
  https: boolean,
  resolveSession: SessionResolver,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = readSessionCookie(c, https);
    const user = token ? await resolveSession(c.get("deps").db, token) : null;
    c.set("user", user);
    if (token && !user) clearSessionCookie(c, https);
    await next();
  };
}
