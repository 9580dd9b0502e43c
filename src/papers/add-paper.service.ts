import type { Kysely } from "kysely";
import type { CurrentUser } from "../auth/sessions.service";
import type { Database } from "../db/schema";
import { DomainError, invalid } from "../errors";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { assertCanPublish } from "../summaries/summary-editor.service";
import { formatPaperId, type PaperId, parsePaperId } from "./ids";
import { canonicalPaperPath } from "./paper-paths";
import { type PaperRecord, recordFromMetadata, upsertPaper } from "./paper-store.service";
import { listPaperIdentifiers } from "./papers.repo";
import { lookupPaperPath } from "./papers.service";
import type { MetadataService } from "./resolvers/metadata.service";
import { normalizeVenue } from "./venue-names";

export type AddPaperResult =
  | { status: "found"; path: string }
  | { status: "not_found"; id: PaperId }
  | { status: "unavailable"; id: PaperId; reason: string };

export function parseOrRefuse(input: string): PaperId {
  const id = parsePaperId(input);
  if (!id) {
    throw invalid(
      "That is not an identifier we know. Paste an arXiv id (1707.04585), a DOI, a PubMed, DBLP, ACL, OpenReview or Semantic Scholar id, or a link to the paper.",
    );
  }
  return id;
}

async function pathOf(db: Kysely<Database>, paperId: number): Promise<string> {
  return canonicalPaperPath(paperId, await listPaperIdentifiers(db, [paperId]));
}

/**
 * Any identifier → the paper's page: known papers directly (through any of their
 * identifiers), new ones by fetching their metadata. A service that cannot be reached is
 * "unavailable" (try again), never an error page.
 */
export async function addPaperFromIdentifier(
  deps: { db: Kysely<Database>; metadata: MetadataService },
  input: { identifier: string; ip: string },
): Promise<AddPaperResult> {
  const id = parseOrRefuse(input.identifier);
  const known = await lookupPaperPath(deps.db, formatPaperId(id));
  if (known) return { status: "found", path: known };
  await consumeRateLimit(deps.db, "paperLookupPerIp", input.ip);
  const result = await deps.metadata.lookup(id);
  if (result.status === "not_found") return { status: "not_found", id };
  if (result.status === "unavailable") return { status: "unavailable", id, reason: result.reason };
  const record = recordFromMetadata(result.metadata);
  // The identifier the reader pasted always leads to the paper, even if the record omits it.
  if (!record.identifiers.some((i) => i.scheme === id.scheme && i.value === id.value)) {
    record.identifiers.push({ scheme: id.scheme, value: id.value });
  }
  const saved = await upsertPaper(deps.db, record);
  if (!saved.id) throw new DomainError("conflict", "That paper could not be saved.");
  return { status: "found", path: await pathOf(deps.db, saved.id) };
}

export interface ManualPaperInput {
  identifier: string;
  title: string;
  authors: string;
  year: string;
  venue: string;
  abstract: string;
}

/** When no service knows a paper, a confirmed user enters its details by hand. */
export async function addPaperByHand(
  db: Kysely<Database>,
  user: CurrentUser | null,
  input: ManualPaperInput,
): Promise<string> {
  const author = assertCanPublish(user);
  await consumeRateLimit(db, "paperManualPerUser", String(author.id));
  const id = parseOrRefuse(input.identifier);
  const known = await lookupPaperPath(db, formatPaperId(id));
  if (known) return known;
  const title = input.title.trim().replace(/\s+/g, " ");
  if (title.length < 3 || title.length > 500)
    throw invalid("Give the paper's title (3 to 500 characters).");
  const authors = input.authors
    .split(/\n|;/)
    .map((a) => a.trim())
    .filter((a) => a !== "")
    .slice(0, 200);
  if (authors.length === 0) throw invalid("Give at least one author, one per line.");
  const year = input.year.trim() === "" ? null : Number(input.year);
  if (
    year !== null &&
    (!Number.isInteger(year) || year < 1600 || year > new Date().getFullYear() + 1)
  ) {
    throw invalid("The year must be a year, like 2017.");
  }
  const record: PaperRecord = {
    title,
    authors,
    year,
    venue: venueOf(input.venue),
    abstract: input.abstract.trim().slice(0, 10_000),
    categories: [],
    arxivVersion: id.scheme === "arxiv" ? (id.version ?? null) : null,
    identifiers: [{ scheme: id.scheme, value: id.value }],
  };
  const saved = await upsertPaper(db, record);
  if (!saved.id) throw new DomainError("conflict", "That paper could not be saved.");
  return pathOf(db, saved.id);
}

function venueOf(name: string): PaperRecord["venue"] {
  const venue = normalizeVenue(name.trim());
  return venue ? { key: venue.key, name: venue.name } : null;
}
