import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { DomainError, invalid } from "../core/errors";
import { PAPER_LOOKUP_BUSY_RETRY_AFTER_S } from "../core/limits";
import { assertCanPublish } from "../core/publish-policy";
import type { Database } from "../db/schema";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { saveHandEnteredPaper } from "./hand-entered.service";
import { formatPaperId, type PaperId, parsePaperId } from "./ids";
import { busySentence } from "./lookup-sentences";
import { type PaperDetailsInput, parsePaperDetails } from "./paper-details";
import { canonicalPaperPath } from "./paper-paths";
import { recordFromMetadata, upsertPaper } from "./paper-store.service";
import { listPaperIdentifiers } from "./papers.repo";
import { lookupPaperPath } from "./papers.service";
import type { MetadataService } from "./resolvers/metadata.service";
import type { PaperMetadata } from "./resolvers/types";

/**
 * How a lookup of a new paper ended. `service` names the service as people know it ("arXiv");
 * `busy`: it was not asked (our queue for it was full, or it said "too many requests"), so it
 * may know the paper and no hand entry is offered; `slow`: it did not answer in time.
 */
export type AddPaperOutcome =
  | { status: "found"; path: string }
  | { status: "not_found"; id: PaperId }
  | {
      status: "unavailable";
      id: PaperId;
      service: string | null;
      busy: boolean;
      slow: boolean;
    };

/**
 * A service that may know the paper could not be asked now (our queue for it was full, or it
 * said "too many requests"): typed details must not stand in for its record, so nothing is
 * stored and the person tries again in a minute. A 503 with Retry-After.
 */
export class LookupBusyError extends DomainError {
  readonly retryAfterSeconds = PAPER_LOOKUP_BUSY_RETRY_AFTER_S;
  constructor(reason: string) {
    super("unavailable", reason);
  }
}

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
 * Asks the services about a paper we do not have and stores it when one knows it. A service
 * that cannot be reached is an outcome ("unavailable"), never an error. The caller has
 * checked that the paper is new and counted the lookup against the client's rate limit.
 */
export async function lookupAndSave(
  deps: { db: Kysely<Database>; metadata: MetadataService },
  id: PaperId,
): Promise<AddPaperOutcome> {
  const result = await deps.metadata.lookup(id);
  if (result.status === "not_found") return { status: "not_found", id };
  if (result.status === "unavailable") {
    return {
      status: "unavailable",
      id,
      service: result.service ?? null,
      busy: result.busy === true,
      slow: result.slow === true,
    };
  }
  return { status: "found", path: await saveFromMetadata(deps.db, id, result.metadata) };
}

async function saveFromMetadata(
  db: Kysely<Database>,
  id: PaperId,
  metadata: PaperMetadata,
): Promise<string> {
  const record = recordFromMetadata(metadata);
  // The identifier the reader pasted always leads to the paper, even if the record omits it.
  if (!record.identifiers.some((i) => i.scheme === id.scheme && i.value === id.value)) {
    record.identifiers.push({ scheme: id.scheme, value: id.value });
  }
  const saved = await upsertPaper(db, record);
  if (!saved.id) throw new DomainError("conflict", "That paper could not be saved.");
  return pathOf(db, saved.id);
}

export interface ManualPaperInput extends PaperDetailsInput {
  identifier: string;
}

export interface HandEntryDeps {
  db: Kysely<Database>;
  metadata: MetadataService;
  /**
   * True when a lookup of this identifier in this process failed for real (timeout, no
   * connection, 5xx) moments ago: the person was shown that failure and the hand form, so
   * asking again would only keep them waiting for the same timeout.
   */
  recentlyUnreachable?: (id: PaperId) => boolean;
}

/**
 * A confirmed user enters a paper's details by hand, which is allowed only when every service
 * for the identifier answered "not found" or really failed (timeout, 5xx, no connection):
 * when one answers with a record, that record makes the page and the typed details are
 * dropped (they could put an invented title on a real paper's page). A service we could not
 * ask because our own queue for it was full (or it said "too many requests") may know the
 * paper, and anyone can fill that queue: then nothing is stored (LookupBusyError). A
 * hand-entered paper says so on its page until a service confirms it.
 */
export async function addPaperByHand(
  deps: HandEntryDeps,
  user: CurrentUser | null,
  input: ManualPaperInput,
): Promise<string> {
  const author = assertCanPublish(user);
  await consumeRateLimit(deps.db, "paperManualPerUser", String(author.id));
  const id = parseOrRefuse(input.identifier);
  const details = parsePaperDetails(input);
  const known = await lookupPaperPath(deps.db, formatPaperId(id));
  if (known) return known;
  if (deps.recentlyUnreachable?.(id)) return saveHandEnteredPaper(deps.db, id, details);
  const result = await deps.metadata.lookup(id);
  if (result.status === "found") return saveFromMetadata(deps.db, id, result.metadata);
  if (result.status === "unavailable" && result.busy) {
    throw new LookupBusyError(busySentence(result.service ?? null, formatPaperId(id)));
  }
  return saveHandEnteredPaper(deps.db, id, details);
}
