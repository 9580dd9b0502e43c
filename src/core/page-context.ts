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
  /**
   * Where a login started from this page returns to (a checked path of this site, the same
   * for every reader of the page), or null/absent: the home page.
   */
  returnTo?: string | null;
}
