import { Hono } from "hono";
import { invalid } from "../core/errors";
import type { AppEnv } from "../http/app-env";
import { type CachedQuery, pageNumber } from "../http/page-cache-keys";
import { pageCtx } from "../http/page-context";
import { pageParam } from "../http/params";
import type { C } from "../http/route-helpers";
import { sendPage } from "../http/send-page";
import { SummaryArticle } from "../summaries/summary-article.view";
import { formatDate, plural } from "../ui/format";
import { Layout } from "../ui/layout";
import { Pagination } from "../ui/pagination";
import { ProfileTop, profilePath } from "./profile.view";
import { getProfile, getProfileComments } from "./users.service";

/** What the profile's comments tab reads from the query, for the page cache's keys. */
export const profileCacheQuery: CachedQuery = {
  path: /^\/user\/[^/]+\/comments$/,
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
    const profile = await getProfile(c.get("deps").db, c.req.param("username"));
    const moved = redirectToCanonical(c, profile.username, "");
    if (moved) return moved;
    const n = profile.summaries.length;
    const page = pageCtx(c);
    return sendPage(
      c,
      <Layout page={page} title={profile.displayName} canonical={profilePath(profile.username)}>
        <ProfileTop profile={profile} tab="summaries" page={page} />
        <h2>{n === 0 ? "No public summaries yet" : plural(n, "summary", "summaries")}</h2>
        {profile.summaries.map((s) => (
          <SummaryArticle summary={s} showPaper headingLevel={3} />
        ))}
      </Layout>,
    );
  });

  app.get("/user/:username/comments", async (c) => {
    const pageNo = pageParam(c.req.query("page"));
    const profile = await getProfileComments(c.get("deps").db, c.req.param("username"), pageNo);
    const moved = redirectToCanonical(c, profile.username, "/comments");
    if (moved) return moved;
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

  // The original site's profile URL: /user?name=U
  app.get("/user", (c) => {
    const name = c.req.query("name");
    if (!name) throw invalid("Which user? The address needs a name.");
    return c.redirect(`/user/${encodeURIComponent(name)}`, 301);
  });

  return app;
}
