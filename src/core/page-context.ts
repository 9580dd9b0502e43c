import type { CurrentUser } from "./current-user";

/** Where the stylesheets are served (their names carry a content hash). */
export interface AssetUrls {
  siteCss: string;
  katexCss: string;
}

/** What every page's layout needs to know of the request. */
export interface PageCtx {
  assets: AssetUrls;
  user: CurrentUser | null;
}
