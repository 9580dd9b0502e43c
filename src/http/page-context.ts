import type { Context } from "hono";
import type { PageCtx } from "../core/page-context";
import type { AppEnv } from "./app-env";

export function pageCtx(c: Context<AppEnv>): PageCtx {
  return { assets: c.get("assets"), user: c.get("user") ?? null };
}
