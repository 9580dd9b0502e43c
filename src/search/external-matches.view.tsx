// "Not on ShortScience yet": what arXiv, Crossref and DBLP know by that title, each with
// "open" (the site has it) or "add this paper" (the add-paper flow: POST /papers with the
// identifier, for logged-in readers; others get a login link that comes back to the add page).
// Services that gave no answer are named in one sentence; the page's local results still show.

import { CsrfField } from "../ui/forms";
import { withNext } from "../ui/next-link";
import {
  type ExternalMatch,
  type ExternalSearchResult,
  SEARCH_SERVICES,
  type SearchServiceName,
} from "./external-search.service";

export const SERVICE_LABELS: Record<SearchServiceName, string> = {
  arxiv: "arXiv",
  crossref: "Crossref",
  dblp: "DBLP",
};

/** "arXiv", "arXiv and DBLP", "arXiv, Crossref and DBLP". */
function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** The one sentence about services that gave no answer, or null when all answered. */
export function unreachableSentence(unreachable: readonly SearchServiceName[]): string | null {
  if (unreachable.length === 0) return null;
  const names = SEARCH_SERVICES.filter((s) => unreachable.includes(s)).map(
    (s) => SERVICE_LABELS[s],
  );
  return `${listOf(names)} could not be reached; showing what we have.`;
}

const MAX_AUTHORS_SHOWN = 3;

function byline(m: ExternalMatch): string {
  const authors =
    m.authors.length > MAX_AUTHORS_SHOWN
      ? `${m.authors.slice(0, MAX_AUTHORS_SHOWN).join(", ")} et al.`
      : m.authors.join(", ");
  return [authors, m.venue, m.year === null ? undefined : String(m.year)]
    .filter((p): p is string => p !== undefined && p !== "")
    .join(" · ");
}

function Action(props: { match: ExternalMatch; csrf: string; loggedIn: boolean }) {
  const m = props.match;
  // Several matches on one page: each control names its paper for screen readers.
  const which = <span class="visually-hidden">: {m.title}</span>;
  if (m.paperPath) {
    return (
      <a href={m.paperPath}>
        Open on ShortScience
        {which}
      </a>
    );
  }
  if (!props.loggedIn) {
    const addPage = `/papers/new?id=${encodeURIComponent(m.identifier)}`;
    return (
      <a href={withNext("/login", addPage)}>
        Log in to add this paper
        {which}
      </a>
    );
  }
  return (
    <form method="post" action="/papers" class="inline-form">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="identifier" value={m.identifier} />
      <button type="submit" class="link-button">
        Add this paper
        {which}
      </button>
    </form>
  );
}

export function ExternalMatches(props: {
  result: ExternalSearchResult;
  csrf: string;
  loggedIn: boolean;
}) {
  const { matches, unreachable, offline } = props.result;
  const sentence = unreachableSentence(unreachable);
  const answered = SEARCH_SERVICES.filter((s) => !unreachable.includes(s)).map(
    (s) => SERVICE_LABELS[s],
  );
  return (
    <section class="external-matches" aria-labelledby="external-matches-heading">
      <h2 id="external-matches-heading">Not on ShortScience yet</h2>
      {offline ? (
        <p class="muted">Searching arXiv, Crossref and DBLP is switched off on this server.</p>
      ) : null}
      {sentence ? <p class="muted">{sentence}</p> : null}
      {!offline && matches.length === 0 && answered.length > 0 ? (
        <p class="empty">No matches from {listOf(answered)}.</p>
      ) : null}
      {matches.length > 0 ? (
        <ul class="paper-list">
          {matches.map((m) => (
            <li>
              <a href={m.url} rel="noopener nofollow">
                {m.title}
              </a>
              <span class="muted">
                {" "}
                {byline(m)} ({SERVICE_LABELS[m.service]}, {m.identifier})
              </span>{" "}
              <Action match={m} csrf={props.csrf} loggedIn={props.loggedIn} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
