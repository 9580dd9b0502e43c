// The /search page: the form with its filters, Papers / Summaries tabs with their counts, the
// results with highlighted snippets (safe HTML from search-marks.ts: escaped, <mark> only),
// and pagination. Works without JavaScript: the form is a GET.

import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { SEARCH_PAGE_SIZE } from "../core/limits";
import type { PageCtx } from "../core/page-context";
import { SECTIONS } from "../papers/sections";
import { formatAuthors, plural } from "../ui/format";
import { Layout } from "../ui/layout";
import { Pagination } from "../ui/pagination";
import type { MatchCount, PaperHit, SearchResults, SummaryHit } from "./search.service";
import { type SearchKind, type SearchParams, searchHref } from "./search-params";
import { mayBeTitle, parseSearchQuery } from "./search-query";

const countText = (m: MatchCount) => (m.more ? `more than ${m.count}` : String(m.count));

function Filters(props: { params: SearchParams }) {
  const { params } = props;
  const f = params.filters;
  return (
    <search>
      <form class="search-form" action="/search" method="get">
        <p class="field">
          <label for="search-q">Search papers and summaries</label>
          <input id="search-q" name="q" type="search" value={params.q} />
        </p>
        {params.kind === "summaries" ? <input type="hidden" name="type" value="summaries" /> : null}
        <details open={Object.values(f).some((v) => v !== null && v !== false) || undefined}>
          <summary>Filters</summary>
          <p class="field">
            <label for="search-from">From year</label>
            <input id="search-from" name="from" inputmode="numeric" value={f.yearFrom ?? ""} />
          </p>
          <p class="field">
            <label for="search-to">To year</label>
            <input id="search-to" name="to" inputmode="numeric" value={f.yearTo ?? ""} />
          </p>
          <p class="field">
            <label for="search-venue">Venue</label>
            <input id="search-venue" name="venue" value={f.venueKey ?? ""} />
          </p>
          <p class="field">
            <label for="search-section">Field</label>
            <select id="search-section" name="section">
              <option value="">All fields</option>
              {Object.entries(SECTIONS).map(([key, label]) => (
                <option value={key} selected={f.section === key || undefined}>
                  {label}
                </option>
              ))}
            </select>
          </p>
          <p class="field">
            <label>
              <input
                type="checkbox"
                name="summaries"
                value="1"
                checked={f.hasSummaries || undefined}
              />{" "}
              Only papers with summaries
            </label>
          </p>
        </details>
        <button type="submit">Search</button>
      </form>
    </search>
  );
}

function PaperResult(props: { hit: PaperHit }) {
  const { hit } = props;
  const meta = [hit.venueName, hit.year === null ? null : String(hit.year)].filter(Boolean);
  return (
    <li>
      <a href={hit.path}>{raw(hit.titleHtml)}</a>
      {hit.authors.length > 0 ? <div class="muted">{formatAuthors(hit.authors, 3)}</div> : null}
      <div class="muted">
        {[...meta, plural(hit.summaries, "summary", "summaries")].join(" · ")}
      </div>
      {hit.abstractHtml ? <p class="search-snippet">{raw(hit.abstractHtml)}</p> : null}
    </li>
  );
}

function SummaryResult(props: { hit: SummaryHit }) {
  const { hit } = props;
  return (
    <li>
      <a href={hit.path}>Summary of “{hit.paperTitle}”</a>
      <div class="muted">
        {hit.author ? (
          <>
            by{" "}
            <a href={`/user/${encodeURIComponent(hit.author.username)}`}>
              {hit.author.displayName}
            </a>
          </>
        ) : (
          "anonymous"
        )}{" "}
        · score {hit.score} · <a href={hit.paperPath}>the paper</a>
        {hit.year === null ? null : ` · ${hit.year}`}
      </div>
      <p class="search-snippet">{raw(hit.snippetHtml)}</p>
    </li>
  );
}

/**
 * Too many matches to rank them all: say which ones were ranked (for papers, also the newest
 * whose title matches: search-sqlite.repo.ts, search-postgres.repo.ts), and how to narrow.
 */
function BoundedNote(props: { kind: SearchKind; count: MatchCount; titles: boolean }) {
  const { kind, count, titles } = props;
  if (!count.more) return null;
  return (
    <p class="search-bounded" role="note">
      More than {count.count} {kind} match: these are the best matches among the newest{" "}
      {count.count}
      {titles ? " and the papers whose title matches" : ""}. Add words or filters to rank them all.
    </p>
  );
}

export function SearchView(props: {
  page: PageCtx;
  results: SearchResults | null;
  params: SearchParams;
  /** What the services know, when local results are few (external-search, wired by pages). */
  external?: Child;
}) {
  const { results, params } = props;
  const title = params.q ? `Search: ${params.q}` : "Search";
  const tab = (kind: SearchKind, label: string, m: MatchCount) => (
    <a
      href={searchHref(params, { kind, page: 1 })}
      aria-current={params.kind === kind ? "page" : undefined}
    >
      {label} ({countText(m)})
    </a>
  );
  return (
    <Layout page={props.page} title={title} canonical={params.q ? searchHref(params) : "/search"}>
      <h1>Search</h1>
      <Filters params={params} />
      {results === null ? null : !results.searched ? (
        <p class="empty">Type a word, a "quoted phrase" or the start of a word followed by *.</p>
      ) : (
        <>
          <nav class="tabs" aria-label="Search results">
            {tab("papers", "Papers", results.papers)}
            {tab("summaries", "Summaries", results.summaries)}
          </nav>
          <BoundedNote
            kind={params.kind}
            count={results[params.kind]}
            titles={params.kind === "papers" && mayBeTitle(parseSearchQuery(params.q))}
          />
          {params.kind === "papers" ? (
            results.paperHits.length === 0 ? (
              <p class="empty">No papers match.</p>
            ) : (
              <ol class="paper-list" start={(params.page - 1) * SEARCH_PAGE_SIZE + 1}>
                {results.paperHits.map((hit) => (
                  <PaperResult hit={hit} />
                ))}
              </ol>
            )
          ) : results.summaryHits.length === 0 ? (
            <p class="empty">No summaries match.</p>
          ) : (
            <ol class="paper-list" start={(params.page - 1) * SEARCH_PAGE_SIZE + 1}>
              {results.summaryHits.map((hit) => (
                <SummaryResult hit={hit} />
              ))}
            </ol>
          )}
          <Pagination
            page={params.page}
            pageCount={results.pageCount}
            href={(page) => searchHref(params, { page })}
          />
          {props.external ?? null}
        </>
      )}
    </Layout>
  );
}
