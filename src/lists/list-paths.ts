// Reading lists' addresses. Pure. A slug holds only a-z, 0-9 and "-", so a list's feed and
// exports can follow it after a dot (/user/NAME/lists/SLUG.rss) without ambiguity.

const SLUG_MAX_CHARS = 60;

export const listsPath = (username: string) => `/user/${encodeURIComponent(username)}/lists`;

export const listPath = (username: string, slug: string) => `${listsPath(username)}/${slug}`;

/** "Graph Neural Networks (2024)" → "graph-neural-networks-2024"; "list" when nothing is left. */
export function slugOf(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, SLUG_MAX_CHARS)
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "list" : slug;
}

/** The formats a list is offered in besides its page, by the suffix of its address. */
export const LIST_FORMATS = ["rss", "atom", "bib", "csv"] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];
