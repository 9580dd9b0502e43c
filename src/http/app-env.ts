import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Config } from "../core/config";
import type { CurrentUser } from "../core/current-user";
import type { Mailer } from "../core/mailer";
import type { AssetUrls } from "../core/page-context";
import type { RenderFn } from "../core/render-contract";
import type { Database } from "../db/schema";
import type { PageViewSink } from "./page-cache";

/** What every route finds in the context. Feature-only services (metadata lookups) are handed to
 * their routes by app.ts instead, so this file names no feature. */
export interface HttpDeps {
  db: Kysely<Database>;
  dialect: "sqlite" | "postgres";
  render: RenderFn;
  config: Config;
  logger: Logger;
  mailer: Mailer;
}

export interface AppEnv {
  Variables: {
    deps: HttpDeps;
    assets: AssetUrls;
    /** Counts a paper page's view (once per client, paper and day). */
    pageViews: PageViewSink;
    requestId: string;
    /** The logged-in user, or null (set by the session middleware). */
    user: CurrentUser | null;
    /** The logged-in user's unread notifications, for the header (notifications/ sets it). */
    unreadNotifications?: number;
  };
}
