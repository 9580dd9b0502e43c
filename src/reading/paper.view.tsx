// The paper page. It renders either for one reader (parts in place), or once as the template
// every logged-in reader of a class shares (`parts` set: core/viewer-parts.ts), so everything
// that depends on who is looking goes through `personal()`, capturing only small values.

import { CommentScript } from "../comments/comment-form.view";
import { CommentThread } from "../comments/comment-thread.view";
import { SOCIAL_DESCRIPTION_CHARS } from "../core/limits";
import { isModerator } from "../core/publish-policy";
import { type PartViewer, personal, type ViewerParts } from "../core/viewer-parts";
import { AddToListLink } from "../lists/add-to-list.view";
import type { CitablePaper } from "../papers/citation-formats/citable";
import { CitationMeta } from "../papers/citation-meta.view";
import { citePath } from "../papers/citations.pages";
import {
  PaperDetailsForm,
  type PaperDetailsFormValues,
  ProvenanceNotice,
} from "../papers/paper-provenance.view";
import { SummaryArticle } from "../summaries/summary-article.view";
import { SummaryActions } from "../summaries/summary-manage.view";
import { FeedLinks } from "../ui/feed-links";
import { formatAuthors, plural } from "../ui/format";
import { Layout } from "../ui/layout";
import { excerpt, plainTextOfHtml } from "../ui/plain-text";
import { absoluteUrl, SocialMetaTags } from "../ui/social-meta";
import { VoteControls, VoteScript } from "../votes/vote-controls.view";
import { OwnSummaryNotice, WriteAction } from "./paper-actions.view";
import type { PaperContent, PaperViewerData } from "./reading.service";

/** Who is reading: their page context, votes and own summary, and what they just did. */
export interface PaperViewer extends PartViewer, PaperViewerData {
  /** Just saved a private summary, or made a new link: say so ("?saved=private", "?link=new"). */
  ownNotice: "saved" | "new-link" | null;
}

export function PaperView(props: {
  paper: PaperContent;
  /** The reader; in a template render, a stand-in of their class (core/viewer-parts.ts). */
  viewer: PaperViewer;
  /** Set for a template render: the per-reader parts are recorded here. */
  parts?: ViewerParts<PaperViewer>;
  citable: CitablePaper;
  /** The site's address, for the private summary's absolute secret link. */
  baseUrl: string;
}) {
  const { viewer, parts, baseUrl } = props;
  const page = viewer.page;
  const user = page.user;
  const p = props.paper;
  const path = p.path;
  const paperFacts = { id: p.id, title: p.title, path };
  const n = p.summaries.length;
  const description = `${plural(n, "summary", "summaries")} of “${p.title}” by ${formatAuthors(p.authors, 3)}.`;
  return (
    <Layout
      page={page}
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
              url: absoluteUrl(baseUrl, p.path),
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
          {personal(parts, viewer, (v) => (
            <WriteAction
              user={v.page.user}
              path={path}
              hasOwn={v.own !== null && v.own.deletedAt === null}
            />
          ))}
          {user
            ? personal(parts, viewer, (v) => (
                <OwnSummaryNotice
                  paper={paperFacts}
                  page={v.page}
                  own={v.own}
                  baseUrl={baseUrl}
                  ownNotice={v.ownNotice}
                />
              ))
            : null}
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
          {p.summaries.map((s) => {
            const id = s.id;
            const historyPublic = s.author !== null && s.editedAt !== null;
            return (
              <SummaryArticle
                summary={s}
                comments={<CommentThread summary={s} page={page} back={path} />}
                voteControls={personal(parts, viewer, (v) => (
                  <VoteControls page={v.page} summaryId={id} viewer={v.votes.get(id)} back={path} />
                ))}
                actions={personal(parts, viewer, (v) => (
                  <SummaryActions
                    summaryId={id}
                    paperPath={path}
                    historyPublic={historyPublic}
                    viewer={{
                      loggedIn: v.page.user !== null,
                      isAuthor: v.votes.get(id)?.own === true,
                      isAdmin: v.page.user?.role === "admin",
                    }}
                  />
                ))}
              />
            );
          })}
          <VoteScript page={page} />
          <CommentScript page={page} />
        </section>
        {/* A class's markup (moderators), with the form token a part of its own. */}
        {user && isModerator(user) && p.metadataSource !== "service" ? (
          <PaperDetailsForm paper={detailsFormValues(p)} csrf={user.csrfToken} />
        ) : null}
      </article>
    </Layout>
  );
}

/** A link preview's text: the abstract's start, else the top summary's (from its card excerpt). */
function previewText(p: PaperContent): string | null {
  const top = p.summaries[0];
  const text = p.abstract?.trim() || (top ? plainTextOfHtml(top.previewHtml ?? top.html) : "");
  return text ? excerpt(text.replace(/\s+/g, " "), SOCIAL_DESCRIPTION_CHARS) : null;
}

function detailsFormValues(p: PaperContent): PaperDetailsFormValues {
  return {
    id: p.id,
    title: p.title,
    authors: p.authors,
    year: p.year,
    venueName: p.venue?.name ?? null,
    abstract: p.abstract,
  };
}
