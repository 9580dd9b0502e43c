// What the search tests share: a paper record with its own arXiv id, the search as the page
// runs it (optionally with a smaller rank window), and a page context for rendering results.
import type { Kysely } from "kysely";
import type { PageCtx } from "../../src/core/page-context";
import type { Database } from "../../src/db/schema";
import type { PaperRecord } from "../../src/papers/paper-store.service";
import { searchLocal } from "../../src/search/search.service";
import { readSearchParams } from "../../src/search/search-params";

let next = 0;

/** A paper from 2020 in cs.LG by "Ada Author", with an arXiv id no other record has. */
export function paperRecord(title: string, over: Partial<PaperRecord> = {}): PaperRecord {
  return {
    title,
    authors: ["Ada Author"],
    year: 2020,
    venue: null,
    abstract: "",
    categories: ["cs.LG"],
    arxivVersion: null,
    identifiers: [{ scheme: "arxiv", value: `2303.${String(10000 + next++)}` }],
    ...over,
  };
}

/** The search for these query parameters, ranking at most `rankWindow` when given. */
export function searchFor(
  db: Kysely<Database>,
  query: Record<string, string>,
  rankWindow?: number,
) {
  return searchLocal(
    db,
    readSearchParams((name) => query[name]),
    rankWindow === undefined ? {} : { rankWindow },
  );
}

/** An anonymous reader's page, for rendering the results view. */
export const searchPage: PageCtx = {
  assets: {
    siteCss: "/s.css",
    katexCss: "/k.css",
    votesJs: "/v.js",
    copyLinkJs: "/c.js",
    editorScripts: [],
    commentScripts: [],
    favicon: "/f.svg",
  },
  user: null,
};
