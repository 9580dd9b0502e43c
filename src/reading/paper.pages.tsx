import { Hono } from "hono";
import type { CurrentUser } from "../core/current-user";
import { DomainError, invalid, notFound } from "../core/errors";
import type { PageCtx } from "../core/page-context";
import type { AppEnv } from "../http/app-env";
import { formFields, withFormErrors } from "../http/forms";
import { VIEW_HEADER } from "../http/page-cache";
import { pageCtx } from "../http/page-context";
import { formPage, ipOf } from "../http/route-helpers";
import { sendPage } from "../http/send-page";
import type { CitablePaper } from "../papers/citation-formats/citable";
import { CitationMeta } from "../papers/citation-meta.view";
import { citePath } from "../papers/citations.pages";
import { citableFromPage } from "../papers/citations.service";
import { correctPaperDetails } from "../papers/hand-entered.service";
import {
  PaperDetailsForm,
  type PaperDetailsFormValues,
  ProvenanceNotice,
} from "../papers/paper-provenance.view";
import { lookupPaperPath, resolvePaperPath } from "../papers/papers.service";
import { getOwnSummary } from "../summaries/summaries.service";
import { SummaryArticle } from "../summaries/summary-article.view";
import { SummaryEditor } from "../summaries/summary-editor.view";
import type { OwnSummary } from "../summaries/summary-view";
import { formatAuthors, plural } from "../ui/format";
import { Layout } from "../ui/layout";
import { withNext } from "../ui/next-link";
import { getPaperPage, type PaperPage } from "./reading.service";

function PaperView(props: {
  paper: PaperPage;
  page: PageCtx;
  own: OwnSummary | null;
  citable: CitablePaper;
}) {
  const user = props.page.user;
  const p = props.paper;
  const n = p.summaries.length;
  return (
    <Layout
      page={props.page}
      title={p.title}
      description={`${plural(n, "summary", "summaries")} of “${p.title}” by ${formatAuthors(p.authors, 3)}.`}
      canonical={p.path}
      // Typed-in details are not offered to citation managers and search engines as facts.
      head={p.metadataSource === "hand" ? undefined : <CitationMeta paper={props.citable} />}
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
            <SummaryArticle summary={s} showComments csrf={user?.csrfToken ?? null} />
          ))}
        </section>
        {user ? <SummaryEditor paperId={p.id} user={user} own={props.own} /> : null}
        {user && isModerator(user) && p.metadataSource !== "service" ? (
          <PaperDetailsForm paper={detailsFormValues(p)} csrf={user.csrfToken} />
        ) : null}
        {user ? null : (
          <p class="write-invite">
            <a href={withNext("/login", props.page.returnTo)}>Log in</a> or{" "}
            <a href={withNext("/signup", props.page.returnTo)}>sign up</a> to write a summary of
            this paper.
          </p>
        )}
      </article>
    </Layout>
  );
}

const isModerator = (user: CurrentUser) => user.role === "moderator" || user.role === "admin";

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
    const found = await resolvePaperPath(db, c.req.param("scheme"), c.req.param("value"));
    if (!found) throw notFound("That paper");
    if (found.canonicalPath !== c.req.path) return c.redirect(found.canonicalPath, 301);
    const paper = await getPaperPage(db, found.paperId);
    // Once per client and day, however often it asks (cached hits count in the page cache).
    c.get("pageViews").record(paper.id, ipOf(c));
    c.header(VIEW_HEADER, String(paper.id));
    const user = c.get("user");
    const own = user ? await getOwnSummary(db, paper.id, user.id) : null;
    const citable = citableFromPage(paper, c.get("deps").config.baseUrl);
    return sendPage(c, PaperView({ paper, page: pageCtx(c), own, citable }));
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
