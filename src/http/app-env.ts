import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { CurrentUser } from "../auth/sessions.service";
import type { Config } from "../config";
import type { Database } from "../db/schema";
import type { Mailer } from "../mail/mailer";
import type { MetadataService } from "../papers/resolvers/metadata.service";
import type { RenderFn } from "../summaries/render-fn";
import type { AssetUrls } from "./assets";
import type { ViewCounter } from "./view-counter";

export interface AppDeps {
  db: Kysely<Database>;
  dialect: "sqlite" | "postgres";
  render: RenderFn;
  config: Config;
  logger: Logger;
  mailer: Mailer;
  metadata: MetadataService;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    assets: AssetUrls;
    views: ViewCounter;
    requestId: string;
    /** The logged-in user, or null (set by the session middleware). */
    user: CurrentUser | null;
  };
}
