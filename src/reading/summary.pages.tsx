import { Hono } from "hono";
import { CommentScript } from "../comments/comment-form.view";
import { CommentThread } from "../comments/comment-thread.view";
import { cacheTag } from "../core/cache-tags";
import { DomainError } from "../core/errors";
import { HtmlSlots } from "../core/html-slots";
import { SOCIAL_DESCRIPTION_CHARS } from "../core/limits";
import type { AppEnv } from "../http/app-env";
import { noStore } from "../http/forms";
import { declareCacheTags } from "../http/page-cache-tags";
import { pageCtx } from "../http/page-context";
import { idParam } from "../http/params";
import { sendPage } from "../http/send-page";
import { getSharedSummary } from "../summaries/summaries.service";
import { SummaryArticle } from "../summaries/summary-article.view";
import { findDeletedSummaryFor } from "../summaries/summary-lifecycle.service";
import { summaryManagePages } from "../summaries/summary-manage.pages";
import { DeletedNotice, SummaryActions } from "../summaries/summary-manage.view";
import { Layout } from "../ui/layout";
import { excerpt, plainTextOfHtml } from "../ui/plain-text";
import { absoluteUrl, type SocialMeta, SocialMetaTags } from "../ui/social-meta";
import { VoteControls, VoteScript } from "../votes/vote-controls.view";
import { getSummaryPage } from "./reading.service";

export function summaryPages() {
  const app = new Hono<AppEnv>();
  app.get("/summary/:id", async (c) => {
    const id = idParam(c.req.param("id"), "summary");
    const { db } = c.get("deps");
    const user = c.get("user");
    const slots = new HtmlSlots();
    let found: Awaited<ReturnType<typeof getSummaryPage>>;
    try {
      found = await getSummaryPage(db, id, user, slots);
    } catch (error) {
      // A deleted summary is gone for everyone but its author and admins, who may restore it.
      // Asked only when no public summary has this id: not one more query for every reader.
      const missing = error instanceof DomainError && error.code === "not_found";
      const deleted = user && missing ? await findDeletedSummaryFor(db, user, id) : null;
      if (!user || !deleted) throw error;
      noStore(c);
      return sendPage(
        c,
        <Layout page={pageCtx(c)} title="Deleted summary">
          <h1>Deleted summary</h1>
          <DeletedNotice deleted={deleted} csrf={user.csrfToken} restorable={deleted.restorable} />
        </Layout>,
      );
    }
    const { summary, viewerVotes } = found;
    declareCacheTags(c, [cacheTag.summary(id), cacheTag.paper(summary.paperId)]);
    const paper = { title: summary.paperTitle, path: summary.paperPath };
    const by = summary.author?.displayName ?? "Anonymous";
    const page = pageCtx(c);
    const here = `/summary/${id}`;
    const title = `Summary of “${paper.title}” by ${by}`;
    // From the stored card excerpt: the page's start, without reading the whole summary as text.
    const description = excerpt(
      plainTextOfHtml(summary.previewHtml ?? summary.html),
      SOCIAL_DESCRIPTION_CHARS,
    );
    const social: SocialMeta = {
      type: "article",
      title,
      description,
      url: absoluteUrl(c.get("deps").config.baseUrl, here),
      publishedTime: summary.createdAt,
      modifiedTime: summary.editedAt ?? undefined,
    };
    return sendPage(
      c,
      <Layout
        page={page}
        title={title}
        description={description}
        canonical={here}
        head={<SocialMetaTags meta={social} />}
      >
        <p class="breadcrumb">
          Summary of <a href={paper.path}>{paper.title}</a>
        </p>
        <h1 class="visually-hidden">Summary of {paper.title}</h1>
        <SummaryArticle
          summary={summary}
          headingLevel={3}
          // The same controls as on the paper page; forms come back here.
          comments={<CommentThread summary={summary} page={page} back={here} headingLevel={2} />}
          voteControls={
            <VoteControls page={page} summaryId={id} viewer={viewerVotes.get(id)} back={here} />
          }
          actions={
            <SummaryActions
              summaryId={id}
              paperPath={summary.paperPath}
              historyPublic={summary.author !== null && summary.editedAt !== null}
              viewer={{
                loggedIn: user !== null,
                isAuthor: viewerVotes.get(id)?.own === true,
                isAdmin: user?.role === "admin",
              }}
            />
          }
        />
        <VoteScript page={page} />
        <CommentScript page={page} />
      </Layout>,
      200,
      slots,
    );
  });
  // A private summary's secret link: 128 random bits, shown to its author only.
  app.get("/shared/:token", async (c) => {
    const summary = await getSharedSummary(c.get("deps").db, c.req.param("token"));
    noStore(c);
    c.header("X-Robots-Tag", "noindex");
    return sendPage(
      c,
      <Layout
        page={pageCtx(c)}
        title={`Summary of “${summary.paperTitle}”`}
        // Private: no search engine keeps it, and a preview shows neither its text nor its author.
        head={
          <>
            <meta name="robots" content="noindex" />
            <SocialMetaTags
              meta={{
                type: "article",
                title: `Summary of “${summary.paperTitle}”`,
                description: "A summary shared by its author on ShortScience.",
              }}
            />
          </>
        }
      >
        <p class="breadcrumb">
          Shared summary of <a href={summary.paperPath}>{summary.paperTitle}</a>
        </p>
        <h1 class="visually-hidden">Summary of {summary.paperTitle}</h1>
        <SummaryArticle summary={summary} headingLevel={3} shared />
      </Layout>,
    );
  });
  // Delete, restore, history and the secret link (summaries/ owns them; routed with the reading pages).
  app.route("/", summaryManagePages());
  return app;
}
