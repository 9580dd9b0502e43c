import type { Context } from "hono";
import type { PageCtx } from "../core/page-context";
import type { AppEnv } from "./app-env";
import { returnPathOf } from "./next-path";

export function pageCtx(c: Context<AppEnv>): PageCtx {
  const user = c.get("user") ?? null;
  // Only anonymous readers see login links; the path is the page's own, so a page cached
  // for them is still the same for all of them.
  const returnTo = user ? null : returnPathOf(new URL(c.req.url), c.req.method);
  const unreadNotifications = user ? c.get("unreadNotifications") : undefined;
  return { assets: c.get("assets"), user, returnTo, unreadNotifications };
}
