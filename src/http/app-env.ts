import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Config } from "../config";
import type { Database } from "../db/schema";
import type { RenderFn } from "../summaries/render-fn";
import type { AssetUrls } from "./assets";
import type { ViewCounter } from "./view-counter";

export interface AppDeps {
  db: Kysely<Database>;
  dialect: "sqlite" | "postgres";
  render: RenderFn;
  config: Config;
  logger: Logger;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    assets: AssetUrls;
    views: ViewCounter;
    log: Logger;
    requestId: string;
    /** Set by the paper page so that cached hits still count as views. */
    viewPaperId: number | undefined;
  };
}
