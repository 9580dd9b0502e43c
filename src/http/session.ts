import type { MiddlewareHandler } from "hono";
import { resolveSession } from "../auth/sessions.service";
import type { AppEnv } from "./app-env";
import { clearSessionCookie, readSessionCookie } from "./cookies";

/** Puts the logged-in user (or null) in the context; a dead session's cookie is cleared. */
export function sessionMiddleware(https: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = readSessionCookie(c, https);
    const user = token ? await resolveSession(c.get("deps").db, token) : null;
    c.set("user", user);
    if (token && !user) clearSessionCookie(c, https);
    await next();
  };
}
