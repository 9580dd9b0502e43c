// Canonical paper URLs: /paper/arxiv/ID when the paper is on arXiv, else /paper/doi/DOI,
// else /paper/id/N. Pure, shared by pages and feeds.

export interface IdentifierLike {
  scheme: string;
  value: string;
}

const PREFERENCE = ["arxiv", "doi"];

export function canonicalPaperPath(
  paperId: number,
  identifiers: readonly IdentifierLike[],
): string {
  for (const scheme of PREFERENCE) {
    const id = identifiers.find((i) => i.scheme === scheme);
    if (id) return `/paper/${scheme}/${encodePathValue(id.value)}`;
  }
  return `/paper/id/${paperId}`;
}

/** Keeps the slashes of DOIs and old arXiv ids readable; escapes everything else. */
function encodePathValue(value: string): string {
  return value.split("/").map(encodeURIComponent).join("/");
}
