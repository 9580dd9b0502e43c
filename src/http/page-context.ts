import type { Context } from "hono";
import type { CurrentUser } from "../auth/sessions.service";
import type { AppEnv } from "./app-env";
import type { AssetUrls } from "./assets";

/** What every page's layout needs to know of the request. */
export interface PageCtx {
  assets: AssetUrls;
  user: CurrentUser | null;
}

export function pageCtx(c: Context<AppEnv>): PageCtx {
  return { assets: c.get("assets"), user: c.get("user") ?? null };
}
