import { Hono } from "hono";
import { cacheTag } from "../core/cache-tags";
import { invalid, notFound } from "../core/errors";
import type { AppEnv } from "../http/app-env";
import { noStore } from "../http/forms";
import { type CachedQuery, pageNumber } from "../http/page-cache-keys";
import { declareCacheTags, declareCurrentUntil } from "../http/page-cache-tags";
import { pageCtx } from "../http/page-context";
import { pageParam } from "../http/params";
import type { C } from "../http/route-helpers";
import { sendPage } from "../http/send-page";
import { listOwnUnlistedSummaryViews } from "../summaries/summaries.service";
import { SummaryArticle } from "../summaries/summary-article.view";
import { SummaryCardView } from "../summaries/summary-card.view";
import { listRestorableSummaries } from "../summaries/summary-lifecycle.service";
import { RestoreForm } from "../summaries/summary-manage.view";
import { FeedLinks } from "../ui/feed-links";
import { formatDate, plural } from "../ui/format";
import { Layout } from "../ui/layout";
import { Pagination } from "../ui/pagination";
import { ProfileTop, profilePath } from "./profile.view";
import { getProfile, getProfileComments, getProfileHeader } from "./users.service";

/** What a profile's summaries and comments tabs read from the query, for the page cache's keys. */
export const profileCacheQuery: CachedQuery = {
  path: /^\/user\/[^/]+(?:\/comments)?$/,
  params: { page: pageNumber },
};

/** A name asked for in another case is the same user: one address per profile tab. */
function redirectToCanonical(c: C, username: string, tail: string): Response | null {
  if (username === c.req.param("username")) return null;
  return c.redirect(`${profilePath(username)}${tail}`, 301);
}

export function userPages() {
  const app = new Hono<AppEnv>();

  app.get("/user/:username", async (c) => {
    const pageNo = pageParam(c.req.query("page"));
    const profile = await getProfile(c.get("deps").db, c.req.param("username"), pageNo);
    const moved = redirectToCanonical(c, profile.username, pageNo > 1 ? `?page=${pageNo}` : "");
    if (moved) return moved;
    // Its summaries, their scores and comment counts, and the reputation: all stamp user:ID.
    declareCacheTags(c, [cacheTag.user(profile.userId)]);
    // The reputation moves with time alone, as votes age into it.
    declareCurrentUntil(c, profile.currentUntil);
    const n = profile.summaryCount;
    const base = profilePath(profile.username);
    const href = (p: number) => (p > 1 ? `${base}?page=${p}` : base);
    const page = pageCtx(c);
    return sendPage(
      c,
      <Layout
        page={page}
        title={
          profile.page > 1 ? `${profile.displayName}, page ${profile.page}` : profile.displayName
        }
        canonical={href(profile.page)}
        head={
          <FeedLinks
            path={`/user/${encodeURIComponent(profile.username)}`}
            title={`Summaries by ${profile.displayName}`}
          />
        }
      >
        <ProfileTop profile={profile} tab="summaries" page={page} />
        <h2>{n === 0 ? "No public summaries yet" : plural(n, "summary", "summaries")}</h2>
        <div class="cards">
          {profile.summaries.map((card) => (
            <SummaryCardView card={card} headingLevel={3} />
          ))}
        </div>
        <Pagination page={profile.page} pageCount={profile.pageCount} href={href} />
      </Layout>,
    );
  });

  app.get("/user/:username/comments", async (c) => {
    const pageNo = pageParam(c.req.query("page"));
    const profile = await getProfileComments(c.get("deps").db, c.req.param("username"), pageNo);
    const moved = redirectToCanonical(c, profile.username, "/comments");
    if (moved) return moved;
    declareCacheTags(c, [cacheTag.user(profile.userId)]);
    declareCurrentUntil(c, profile.currentUntil);
    const base = `${profilePath(profile.username)}/comments`;
    const href = (p: number) => (p > 1 ? `${base}?page=${p}` : base);
    const page = pageCtx(c);
    return sendPage(
      c,
      <Layout
        page={page}
        title={`Comments by ${profile.displayName}`}
        canonical={href(profile.page)}
      >
        <ProfileTop profile={profile} tab="comments" page={page} />
        <h2>{profile.comments.length === 0 ? "No comments yet" : "Comments, newest first"}</h2>
        <ol class="comment-list profile-comments">
          {profile.comments.map((cm) => (
            <li class="comment" id={`comment-${cm.id}`}>
              <div class="comment-meta">
                On{" "}
                <a href={`/summary/${cm.summaryId}#comment-${cm.id}`}>
                  a summary of {cm.paperTitle}
                </a>
                , <time datetime={cm.createdAt}>{formatDate(cm.createdAt)}</time>
              </div>
              <div class="prose comment-body" dangerouslySetInnerHTML={{ __html: cm.html }} />
            </li>
          ))}
        </ol>
        <Pagination page={profile.page} pageCount={profile.pageCount} href={href} />
      </Layout>,
    );
  });

  // The owner's private and anonymous summaries, and those they deleted that can still be
  // restored. Anyone else (logged out included) gets the same 404 as for a missing page.
  app.get("/user/:username/private", async (c) => {
    const user = c.get("user");
    const { db } = c.get("deps");
    if (!user || user.username.toLowerCase() !== c.req.param("username").toLowerCase()) {
      throw notFound("That page");
    }
    const pageNo = pageParam(c.req.query("page"));
    const profile = await getProfileHeader(db, user.username);
    const base = `${profilePath(profile.username)}/private`;
    const href = (p: number) => (p > 1 ? `${base}?page=${p}` : base);
    const moved = redirectToCanonical(
      c,
      profile.username,
      pageNo > 1 ? `/private?page=${pageNo}` : "/private",
    );
    if (moved) return moved;
    const unlisted = await listOwnUnlistedSummaryViews(db, user.id, pageNo);
    // The deleted ones (as many as the restore window holds) are listed on the first page.
    const deleted = pageNo === 1 ? await listRestorableSummaries(db, user.id) : null;
    const page = pageCtx(c);
    noStore(c);
    return sendPage(
      c,
      <Layout page={page} title="Your private and anonymous summaries">
        <ProfileTop profile={profile} tab="private" page={page} />
        <h2>
          {unlisted.total === 0
            ? "No private or anonymous summaries"
            : plural(
                unlisted.total,
                "private or anonymous summary",
                "private or anonymous summaries",
              )}
        </h2>
        <p class="hint">Only you see this tab.</p>
        {unlisted.summaries.map((s) => (
          <section class="unlisted-summary" aria-label={`Summary of ${s.paperTitle}`}>
            <p class="unlisted-kind">
              {s.isPrivate ? "Private" : "Anonymous"}
              {s.isPrivate && s.author === null ? " and anonymous" : ""} ·{" "}
              <a href={s.readPath}>{s.isPrivate ? "Secret link" : "Permalink"}</a> ·{" "}
              <a href={`${s.paperPath}/write`}>Edit</a> ·{" "}
              <a href={`/summary/${s.id}/history`}>History</a> ·{" "}
              <a href={`/summary/${s.id}/delete`}>Delete</a>
            </p>
            <SummaryArticle summary={s} showPaper headingLevel={3} shared />
          </section>
        ))}
        <Pagination page={unlisted.page} pageCount={unlisted.pageCount} href={href} />
        {deleted === null ? null : (
          <h2>{deleted.length === 0 ? "No deleted summaries" : "Deleted summaries"}</h2>
        )}
        {deleted !== null && deleted.length > 0 ? (
          <ul class="deleted-summaries">
            {deleted.map((d) => (
              <li>
                <a href={d.paperPath}>{d.paperTitle}</a>: deleted{" "}
                <time datetime={d.deletedAt}>{formatDate(d.deletedAt)}</time>, restorable until{" "}
                <time datetime={d.restorableUntil}>{formatDate(d.restorableUntil)}</time>{" "}
                <RestoreForm summaryId={d.id} csrf={user.csrfToken} />
              </li>
            ))}
          </ul>
        ) : null}
      </Layout>,
    );
  });

  // The original site's profile URL: /user?name=U
  app.get("/user", (c) => {
    const name = c.req.query("name");
    if (!name) throw invalid("Which user? The address needs a name.");
    return c.redirect(`/user/${encodeURIComponent(name)}`, 301);
  });

  return app;
}
