// The paper page's bytes for one reader: rendered whole (logged out: the page cache keeps it),
// or, for a logged-in reader, filled from the template shared by every reader of their class
// (core/viewer-parts.ts, shared-paper-cache.ts) with only their own parts rendered.

import type { JSX } from "hono/jsx/jsx-runtime";
import type { Kysely } from "kysely";
import { cacheTag, MAX_TAGS_PER_WRITE } from "../core/cache-tags";
import type { CurrentUser } from "../core/current-user";
import { HtmlSlots } from "../core/html-slots";
import type { PageCtx } from "../core/page-context";
import { renderHtml } from "../core/render-html";
import { IDENTITY_PLACEHOLDER, ViewerParts } from "../core/viewer-parts";
import { readContentVersion, readTagVersions } from "../db/content-version";
import type { Database } from "../db/schema";
import { citableFromPage } from "../papers/citations.service";
import type { ResolvedPaper } from "../papers/papers.service";
import { PaperView, type PaperViewer } from "./paper.view";
import { getPaperContent, getPaperViewerData, type PaperContent } from "./reading.service";
import {
  isCurrent,
  type SharedPaperCache,
  type SharedPaperEntry,
  sharedPaperKey,
  versionedTags,
} from "./shared-paper-cache";

export interface PaperRequest {
  db: Kysely<Database>;
  found: ResolvedPaper;
  /** The reader's page context (never one with `parts`). */
  page: PageCtx;
  ownNotice: PaperViewer["ownNotice"];
  /** The site's configured address (citations; the view gets it without a trailing slash). */
  siteUrl: string;
}

export interface PaperBytes {
  bytes: Uint8Array<ArrayBuffer>;
  paperId: number;
  /** What the page shows, for the page cache (http/page-cache-tags.ts). */
  tags: string[];
}

/** Its summaries, scores and comments: every write to them stamps paper:ID too. */
function paperTags(paper: PaperContent): string[] {
  return [cacheTag.paper(paper.id), ...paper.summaries.map((s) => cacheTag.summary(s.id))];
}

async function toBytes(element: JSX.Element, slots: HtmlSlots): Promise<Uint8Array<ArrayBuffer>> {
  const html = `<!DOCTYPE html>${await renderHtml(element)}`;
  return slots.size ? slots.fill(html) : (Buffer.from(html, "utf8") as Uint8Array<ArrayBuffer>);
}

function viewProps(req: PaperRequest, paper: PaperContent) {
  return { citable: citableFromPage(paper, req.siteUrl), baseUrl: req.siteUrl.replace(/\/+$/, "") };
}

/** The whole page rendered for this reader alone (and the reference the shared path must match). */
export async function renderPaperPage(req: PaperRequest): Promise<PaperBytes> {
  const slots = new HtmlSlots();
  const paper = await getPaperContent(req.db, req.found, slots);
  const ids = paper.summaries.map((s) => s.id);
  const data = await getPaperViewerData(req.db, paper.id, ids, req.page.user);
  const viewer: PaperViewer = { page: req.page, ...data, ownNotice: req.ownNotice };
  const bytes = await toBytes(PaperView({ paper, viewer, ...viewProps(req, paper) }), slots);
  return { bytes, paperId: paper.id, tags: paperTags(paper) };
}

/**
 * Renders the shared template for `user`'s class. The stand-in reader has the class's role
 * and confirmation but no identity: its name is a placeholder a template must not contain,
 * and its form token is a part (every form on the page gets the reader's own).
 */
async function renderTemplate(
  req: PaperRequest,
  user: CurrentUser,
): Promise<SharedPaperEntry | null> {
  const slots = new HtmlSlots();
  const paper = await getPaperContent(req.db, req.found, slots);
  const tags = paperTags(paper);
  const parts = new ViewerParts<PaperViewer>();
  const standIn: CurrentUser = {
    id: 0,
    sessionId: 0,
    username: IDENTITY_PLACEHOLDER,
    displayName: IDENTITY_PLACEHOLDER,
    role: user.role,
    emailVerified: user.emailVerified,
    csrfToken: parts.put((v) => v.page.user?.csrfToken ?? ""),
  };
  const page: PageCtx = { assets: req.page.assets, user: standIn, returnTo: null, parts };
  const viewer: PaperViewer = { page, votes: new Map(), own: null, ownNotice: null };
  const element = PaperView({ paper, viewer, parts, ...viewProps(req, paper) });
  const template = parts.compile(`<!DOCTYPE html>${await renderHtml(element)}`, slots);
  if (!template) return null;
  return {
    paperId: paper.id,
    summaryIds: paper.summaries.map((s) => s.id),
    tags,
    versions: new Map(),
    template,
  };
}

/**
 * A logged-in reader's page: the shared part from `cache` when the page's tag versions are
 * still those it was rendered under, else rendered now (and kept, if no write touched the page
 * while it was read); then the reader's own parts, read and rendered for them.
 */
export async function sharedPaperPage(
  req: PaperRequest,
  user: CurrentUser,
  cache: SharedPaperCache,
): Promise<PaperBytes> {
  const key = sharedPaperKey(req.found.paperId, user);
  let entry = cache.get(key);
  if (entry && !(await isCurrent(req.db, entry))) {
    cache.delete(key);
    entry = undefined;
  }
  if (!entry) {
    // Read before the page: a write committed after this has a higher version.
    const before = await readContentVersion(req.db);
    const made = await renderTemplate(req, user);
    // A template that shows identity outside a part is never shared: render for this reader.
    if (!made) return renderPaperPage(req);
    entry = made;
    if (made.tags.length < MAX_TAGS_PER_WRITE) {
      const versions = await readTagVersions(req.db, versionedTags(made.tags));
      // Any version above `before` is a write that may have landed while the page was read.
      if ([...versions.values()].every((v) => v <= before)) {
        cache.set(key, { ...made, versions });
      }
    }
  }
  const data = await getPaperViewerData(req.db, entry.paperId, entry.summaryIds, user);
  const bytes = await entry.template.fill({ page: req.page, ...data, ownNotice: req.ownNotice });
  return {
    bytes,
    paperId: entry.paperId,
    tags: [...entry.tags],
  };
}
