// What the add-paper pages say about a lookup, each as one plain sentence: which service, and
// what happened, in words. Never a raw error code (ENOTFOUND) or a service's own message:
// those go to the log (the lookup's `reason`), not to the person adding a paper.

/** Resolver names ("semantic-scholar") and services' own spellings → what people call them. */
const SERVICE_NAMES: Record<string, string> = {
  arxiv: "arXiv",
  crossref: "Crossref",
  dblp: "DBLP",
  pubmed: "PubMed",
  pubmedcentral: "PubMed Central",
  openreview: "OpenReview",
  semanticscholar: "Semantic Scholar",
};

export function serviceName(name: string): string {
  return SERVICE_NAMES[name.toLowerCase().replace(/[^a-z]/g, "")] ?? name;
}

/** "arXiv", "Crossref, then Semantic Scholar". */
function inTurn(names: string[]): string {
  const shown = names.map(serviceName);
  return shown.length === 0 ? "the services we ask" : shown.join(", then ");
}

/** The progress line: "Asking arXiv for 1707.04585…". */
export function askingSentence(services: string[], shownId: string): string {
  return `Asking ${inTurn(services)} for ${shownId}…`;
}

export function notFoundSentence(services: string[], shownId: string): string {
  const shown = services.map(serviceName);
  const who =
    shown.length <= 1
      ? `${shown[0] ?? "No service we ask"} does not know`
      : `Neither ${shown.slice(0, -1).join(", ")} nor ${shown.at(-1)} knows`;
  return `${who} ${shownId}, so you can enter its details by hand below.`;
}

/** A real failure: hand entry is offered. `slow`: it was asked and did not answer in time. */
export function unreachableSentence(
  service: string | null,
  slow: boolean,
  shownId: string,
): string {
  const who = service ? serviceName(service) : "The service that knows this paper";
  const what = slow ? "did not answer in time" : "could not be reached";
  return `${who} ${what}, so we could not fetch the details of ${shownId}: you can enter them by hand below, or try again later.`;
}

/** Not asked (our queue for it is full, or it said "too many requests"): no hand entry. */
export function busySentence(service: string | null, shownId: string): string {
  const who = service ? serviceName(service) : "The service that knows this paper";
  return `${who} is busy with other lookups just now and was not asked about ${shownId}; please try again in a minute.`;
}

export function tooManyLookupsSentence(): string {
  return "Too many papers are being looked up right now; please try again in a minute.";
}
