// The one interface every metadata service sits behind.

import type { PaperId } from "../ids";

export interface PaperMetadata {
  title: string;
  authors: string[];
  year: number | null;
  /** Journal, conference or container title, as the service gives it. */
  venue: string | null;
  abstract: string;
  /** Every identifier the record states (arxiv, doi, dblp, pmid, s2, …), normalized. */
  identifiers: { scheme: string; value: string }[];
  /** Latest arXiv version the service knows of. */
  arxivVersion: number | null;
  /** arXiv categories, primary first. */
  categories: string[];
  journalRef: string | null;
  /** Name of the resolver that produced the record. */
  source: string;
}

export type LookupResult =
  | { status: "found"; metadata: PaperMetadata }
  | { status: "not_found" }
  /**
   * `reason` is shown to the person: the service could not be reached, try again. `busy`: it
   * was not really asked (our queue for it was full, or it answered "too many requests"), so
   * it may well know the paper; without it, the service failed (timeout, 5xx, no connection).
   * `service`: the service's name as people know it ("arXiv"); `slow`: it did not answer in
   * time (rather than refusing or failing), so pages can say which in plain words.
   */
  | { status: "unavailable"; reason: string; busy?: true; service?: string; slow?: true };

export interface Resolver {
  name: string;
  handles(id: PaperId): boolean;
  lookup(id: PaperId): Promise<LookupResult>;
}

/** Where a resolver's service lives and how far apart its requests must be. */
export interface EndpointOptions {
  endpoint: string;
  minIntervalMs: number;
}
