import { Hono } from "hono";
import { CommentScript } from "../comments/comment-form.view";
import { CommentThread } from "../comments/comment-thread.view";
import { cacheTag } from "../core/cache-tags";
import { DomainError, invalid, notFound } from "../core/errors";
import { HtmlSlots } from "../core/html-slots";
import { SOCIAL_DESCRIPTION_CHARS } from "../core/limits";
import type { PageCtx } from "../core/page-context";
import { isModerator } from "../core/publish-policy";
import type { AppEnv } from "../http/app-env";
import { formFields, withFormErrors } from "../http/forms";
import { VIEW_HEADER } from "../http/page-cache";
import { declareCacheTags } from "../http/page-cache-tags";
import { pageCtx } from "../http/page-context";
import { formPage, ipOf } from "../http/route-helpers";
import { sendPage } from "../http/send-page";
import { AddToListLink } from "../lists/add-to-list.view";
import type { CitablePaper } from "../papers/citation-formats/citable";
import { CitationMeta } from "../papers/citation-meta.view";
import { citePath } from "../papers/citations.pages";
import { citableFromPage } from "../papers/citations.service";
import { correctPaperDetails } from "../papers/hand-entered.service";
import { ID_SCHEMES, type IdScheme, type PaperId, parsePaperId } from "../papers/ids";
import {
  PaperDetailsForm,
  type PaperDetailsFormValues,
  ProvenanceNotice,
} from "../papers/paper-provenance.view";
import { lookupPaperPath, resolvePaperPath } from "../papers/papers.service";
import { getOwnSummary } from "../summaries/summaries.service";
import { SummaryArticle } from "../summaries/summary-article.view";
import { SummaryActions } from "../summaries/summary-manage.view";
import type { OwnSummary } from "../summaries/summary-view";
import { sendEditorPage } from "../summaries/summary-write.pages";
import { FeedLinks } from "../ui/feed-links";
import { formatAuthors, plural } from "../ui/format";
import { Layout } from "../ui/layout";
import { excerpt, plainTextOfHtml } from "../ui/plain-text";
import { absoluteUrl, SocialMetaTags } from "../ui/social-meta";
import { VoteControls, VoteScript } from "../votes/vote-controls.view";
import { OwnSummaryNotice, WriteAction } from "./paper-actions.view";
import { getPaperPage, type PaperPage } from "./reading.service";
import { UnknownPaperPage } from "./unknown-paper.view";

function PaperView(props: {
  paper: PaperPage;
  page: PageCtx;
  own: OwnSummary | null;
  citable: CitablePaper;
  /** The site's address, for the private summary's absolute secret link. */
  baseUrl: string;
  /** Just saved a private summary, or made a new link: say so ("?saved=private", "?link=new"). */
  ownNotice: "saved" | "new-link" | null;
}) {
  const user = props.page.user;
  const p = props.paper;
  const n = p.summaries.length;
  const description = `${plural(n, "summary", "summaries")} of “${p.title}” by ${formatAuthors(p.authors, 3)}.`;
  return (
    <Layout
      page={props.page}
      title={p.title}
      description={description}
      canonical={p.path}
      head={
        <>
          {/* Typed-in details are not offered to citation managers and search engines as facts. */}
          {p.metadataSource === "hand" ? null : <CitationMeta paper={props.citable} />}
          <SocialMetaTags
            meta={{
              type: "article",
              title: p.title,
              description: previewText(p) ?? description,
              url: absoluteUrl(props.baseUrl, p.path),
            }}
          />
          <FeedLinks path={p.path} title={`Summaries of “${p.title}”`} />
        </>
      }
    >
      <article class="paper">
        <header class="paper-header">
          <h1 class="paper-title">{p.title}</h1>
          <p class="paper-authors">{formatAuthors(p.authors, 20)}</p>
          <p class="paper-meta">
            {p.venue ? (
              <a href={`/venue/${encodeURIComponent(p.venue.key)}`}>{p.venue.name}</a>
            ) : null}
            {p.venue && p.year ? " · " : null}
            {p.year ? <span>{p.year}</span> : null}
            {p.arxivId ? (
              <span>
                {" "}
                · arXiv {p.arxivId}
                {p.arxivVersion ? `v${p.arxivVersion}` : ""}
              </span>
            ) : null}
          </p>
          <ul class="paper-links" aria-label="Read and cite the paper">
            {p.links.map((l) => (
              <li>
                <a href={l.href} rel="noopener">
                  {l.label}
                </a>
              </li>
            ))}
            <li>
              <a href={citePath("bibtex", p.path)}>BibTeX</a>
            </li>
            <li>
              <a href={citePath("ris", p.path)}>RIS</a>
            </li>
          </ul>
          <ProvenanceNotice source={p.metadataSource} />
          <AddToListLink paperId={p.id} user={user} />
          <WriteAction
            user={user}
            path={p.path}
            hasOwn={props.own !== null && props.own.deletedAt === null}
          />
          {user ? <OwnSummaryNotice {...props} /> : null}
        </header>
        {p.abstract ? (
          <section class="abstract" aria-labelledby="abstract-title">
            <h2 id="abstract-title">Abstract</h2>
            <p>{p.abstract}</p>
          </section>
        ) : null}
        <section class="paper-summaries" aria-labelledby="summaries-title">
          <h2 id="summaries-title">
            {n === 0 ? "No summaries yet" : plural(n, "summary", "summaries")}
          </h2>
          {p.summaries.map((s) => (
            <SummaryArticle
              summary={s}
              comments={<CommentThread summary={s} page={props.page} back={p.path} />}
              voteControls={
                <VoteControls
                  page={props.page}
                  summaryId={s.id}
                  viewer={p.viewerVotes.get(s.id)}
                  back={p.path}
                />
              }
              actions={
                <SummaryActions
                  summaryId={s.id}
                  paperPath={p.path}
                  historyPublic={s.author !== null && s.editedAt !== null}
                  viewer={{
                    loggedIn: user !== null,
                    isAuthor: p.viewerVotes.get(s.id)?.own === true,
                    isAdmin: user?.role === "admin",
                  }}
                />
              }
            />
          ))}
          <VoteScript page={props.page} />
          <CommentScript page={props.page} />
        </section>
        {user && isModerator(user) && p.metadataSource !== "service" ? (
          <PaperDetailsForm paper={detailsFormValues(p)} csrf={user.csrfToken} />
        ) : null}
      </article>
    </Layout>
  );
}

/** A link preview's text: the abstract's start, else the top summary's (from its card excerpt). */
function previewText(p: PaperPage): string | null {
  const top = p.summaries[0];
  const text = p.abstract?.trim() || (top ? plainTextOfHtml(top.previewHtml ?? top.html) : "");
  return text ? excerpt(text.replace(/\s+/g, " "), SOCIAL_DESCRIPTION_CHARS) : null;
}

/** The identifier a paper address names (`/paper/pmid/123` → pmid:123), or null. */
function idOfPath(scheme: string, value: string): PaperId | null {
  if (!(ID_SCHEMES as readonly string[]).includes(scheme)) return null;
  const prefix: Partial<Record<IdScheme, string>> = { s2corpus: "corpusid", s2: "" };
  const prefixed = prefix[scheme as IdScheme] ?? scheme;
  return (prefixed ? parsePaperId(`${prefixed}:${value}`) : null) ?? parsePaperId(value);
}

function detailsFormValues(p: PaperPage): PaperDetailsFormValues {
  return {
    id: p.id,
    title: p.title,
    authors: p.authors,
    year: p.year,
    venueName: p.venue?.name ?? null,
    abstract: p.abstract,
  };
}

export function paperPages() {
  const app = new Hono<AppEnv>();

  app.get("/paper/:scheme/:value{.+}", async (c) => {
    const { db } = c.get("deps");
    // The editor, /paper/…/write, is resolved here: Hono's router cannot tell a `{.+}` path
    // with a suffix from one without. A paper whose own identifier ends in "/write" still
    // gets its page (the first look-up misses, and the whole value is tried next).
    const value = c.req.param("value");
    if (value.endsWith("/write")) {
      const target = await resolvePaperPath(db, c.req.param("scheme"), value.slice(0, -6));
      if (target) {
        const canonical = `${target.canonicalPath}/write`;
        if (canonical !== c.req.path) return c.redirect(canonical, 301);
        return sendEditorPage(c, target.paperId);
      }
    }
    const found = await resolvePaperPath(db, c.req.param("scheme"), c.req.param("value"));
    if (!found) {
      // An identifier we have no paper for (a `\cite{…}` of it, an old link): say so (404).
      const id = idOfPath(c.req.param("scheme"), c.req.param("value"));
      if (!id) throw notFound("That paper");
      return sendPage(
        c,
        UnknownPaperPage({ page: pageCtx(c), id, here: new URL(c.req.url).pathname }),
        404,
      );
    }
    if (found.canonicalPath !== c.req.path) return c.redirect(found.canonicalPath, 301);
    const slots = new HtmlSlots();
    const paper = await getPaperPage(db, found, c.get("user"), slots);
    // Once per client and day, however often it asks (cached hits count in the page cache).
    c.get("pageViews").record(paper.id, ipOf(c));
    c.header(VIEW_HEADER, String(paper.id));
    // Its summaries, scores and comments: every write to them stamps paper:ID too.
    declareCacheTags(c, [
      cacheTag.paper(paper.id),
      ...paper.summaries.map((s) => cacheTag.summary(s.id)),
    ]);
    const user = c.get("user");
    const own = user ? await getOwnSummary(db, paper.id, user.id) : null;
    const { baseUrl } = c.get("deps").config;
    const citable = citableFromPage(paper, baseUrl);
    const ownNotice =
      c.req.query("saved") === "private"
        ? "saved"
        : c.req.query("link") === "new"
          ? "new-link"
          : null;
    return sendPage(
      c,
      PaperView({
        paper,
        page: pageCtx(c),
        own,
        citable,
        baseUrl: baseUrl.replace(/\/+$/, ""),
        ownNotice,
      }),
      200,
      slots,
    );
  });

  // Moderators correct a hand-entered paper's details (the form is on its page).
  app.post("/papers/:id{[0-9]{1,12}}/details", async (c) => {
    const field = await formFields(c);
    const paperId = Number(c.req.param("id"));
    const input = {
      title: field("title"),
      authors: field("authors"),
      year: field("year"),
      venue: field("venue"),
      abstract: field("abstract"),
    };
    const user = c.get("user");
    return withFormErrors(
      async () =>
        c.redirect(await correctPaperDetails(c.get("deps").db, user, paperId, input), 303),
      (error, status) => {
        // Only a moderator gets the form back; anyone else gets the plain error page.
        if (!user || !isModerator(user)) throw new DomainError("forbidden", error);
        return formPage(
          c,
          "Correct the paper's details",
          <PaperDetailsForm
            csrf={user.csrfToken}
            error={error}
            paper={{
              id: paperId,
              title: input.title,
              authors: input.authors.split("\n"),
              year: /^\d{4}$/.test(input.year.trim()) ? Number(input.year.trim()) : null,
              venueName: input.venue,
              abstract: input.abstract,
            }}
          />,
          status,
        );
      },
    );
  });

  // The original site's paper URLs: /paper?bibtexKey=journals/corr/1609.05473 and friends.
  app.get("/paper", async (c) => {
    const key = c.req.query("bibtexKey");
    if (!key) throw invalid("Which paper? The address needs a bibtexKey.");
    const path = await lookupPaperPath(c.get("deps").db, key);
    if (!path) throw notFound("That paper");
    return c.redirect(path, 301);
  });

  return app;
}
