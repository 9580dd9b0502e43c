import type { Child } from "hono/jsx";
import type { CurrentUser } from "./current-user";

/** Where the stylesheets are served (their names carry a content hash). */
export interface AssetUrls {
  siteCss: string;
  katexCss: string;
  /** public/votes.js: vote buttons without a reload (the forms work without it). */
  votesJs: string;
  /** public/copy-link.js: a "Copy" button beside a readonly link field (the field works without it). */
  copyLinkJs: string;
  /** The editor page's scripts, in order: the renderer bundle, then public/editor.js. */
  editorScripts: readonly string[];
  /** The comment form's live preview, in order: the renderer bundle, then public/comments.js. */
  commentScripts: readonly string[];
  /** public/favicon.svg, versioned (browsers that only ask for /favicon.ico get the ICO). */
  favicon: string;
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
  /** The logged-in reader's unread notifications (header link); absent for anyone else. */
  unreadNotifications?: number;
  /**
   * Set only while a page shared by logged-in readers is rendered once for all of them
   * (core/viewer-parts.ts): the parts that depend on the viewer are recorded, not rendered.
   */
  parts?: PartSink;
}

/**
 * Records the parts of a page that depend on its viewer while the page is rendered once for
 * many (core/viewer-parts.ts), and returns the marker to print in a part's place.
 */
export interface PartSink {
  put(render: (viewer: { page: PageCtx }) => Child): string;
}
