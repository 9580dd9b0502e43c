// Papers whose details a person typed in because no service knew them or none answered:
// stored as "hand" (their page says so), correctable by moderators ("moderator") until a
// service knows them; then the service's record replaces them whole ("service"), whether the
// background check or an import brings it (paper-store.service.ts).

import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { DomainError, notFound } from "../core/errors";
import { HAND_ENTERED_CHECK_BATCH, HAND_ENTERED_RECHECK_MS } from "../core/limits";
import { isModerator } from "../core/publish-policy";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { ID_SCHEMES, type IdScheme, type PaperId } from "./ids";
import { type PaperDetails, type PaperDetailsInput, parsePaperDetails } from "./paper-details";
import { fieldsOfRecord } from "./paper-merge";
import { canonicalPaperPath } from "./paper-paths";
import { recordFromMetadata, upsertPapers } from "./paper-store.service";
import {
  addPaperIdentifier,
  clearHandEnteredDetails,
  insertPaper,
  markPaperChecked,
  updateTypedPaperDetails,
} from "./paper-writes.repo";
import {
  findPaperById,
  findPaperIdByIdentifier,
  listHandEnteredPapersToCheck,
  listPaperIdentifiers,
} from "./papers.repo";
import type { MetadataService } from "./resolvers/metadata.service";
import { sectionOfVenue } from "./venue-names";
import { ensureVenues } from "./venues.repo";

class IdentifierTaken extends Error {}

function storedPaperId(i: { scheme: string; value: string }): PaperId | null {
  return (ID_SCHEMES as readonly string[]).includes(i.scheme)
    ? { scheme: i.scheme as IdScheme, value: i.value }
    : null;
}

async function venueIdOf(
  db: Kysely<Database>,
  venue: PaperDetails["venue"],
): Promise<number | null> {
  if (!venue) return null;
  return (await ensureVenues(db, [venue])).get(venue.key) ?? null;
}

/**
 * Stores a typed-in paper as "hand" with its one identifier. When another writer took the
 * identifier meanwhile (a service's record, someone else's hand entry), nothing is stored and
 * the path of that paper is returned: typed details never merge into an existing paper.
 */
export async function saveHandEnteredPaper(
  db: Kysely<Database>,
  id: PaperId,
  details: PaperDetails,
  now = new Date(),
): Promise<string> {
  const at = now.toISOString();
  try {
    return await writeVisible(db, async (trx) => {
      // No categories, so the section is the venue's (a record's would come from them).
      const fields = fieldsOfRecord({
        ...details,
        categories: [],
        arxivVersion: id.scheme === "arxiv" ? (id.version ?? null) : null,
        identifiers: [],
      });
      const venueId = await venueIdOf(trx, details.venue);
      const paperId = await insertPaper(trx, { fields, venueId }, { at, source: "hand" });
      if (!(await addPaperIdentifier(trx, paperId, id))) throw new IdentifierTaken();
      return canonicalPaperPath(paperId, [{ scheme: id.scheme, value: id.value }]);
    });
  } catch (error) {
    if (!(error instanceof IdentifierTaken)) throw error;
    const owner = await findPaperIdByIdentifier(db, id);
    if (owner === null) {
      throw new DomainError("conflict", "That paper could not be saved; try again.");
    }
    return canonicalPaperPath(owner, await listPaperIdentifiers(db, [owner]));
  }
}

export interface HandEnteredCheck {
  checked: number;
  /** Papers whose details a service's record replaced (or confirmed, when they agreed). */
  confirmed: number;
  notFound: number;
  unavailable: number;
  /** Papers whose lookup or write threw: logged, and asked again after the recheck interval. */
  failed: number;
}

export interface HandEnteredCheckDeps {
  db: Kysely<Database>;
  metadata: Pick<MetadataService, "lookup">;
  logger?: { warn(details: object, message: string): void };
  /** Aborted when the server stops: the run ends after the paper in hand. */
  signal?: AbortSignal;
}

export interface HandEnteredCheckOptions {
  /**
   * `shortscience refresh-metadata`: every unconfirmed paper not asked since `now`, batch
   * after batch, asking the services afresh (a cached "not found" is not trusted). Without
   * it (the server's hourly run), one batch of those not asked within HAND_ENTERED_RECHECK_MS,
   * cached answers accepted.
   */
  all?: boolean;
}

/**
 * The one job that completes hand-entered papers from the services, run hourly by the server
 * (cli/serve-command.ts, on the cleanup schedule) and on demand by `shortscience
 * refresh-metadata`: asks the services again about papers no service has confirmed (typed
 * in, or corrected by a moderator), a bounded batch at a time. A service's record replaces
 * the details whole (title, authors, year, venue, abstract), a moderator's correction
 * included: the service is the authority on its own identifier. Safe to run from several
 * processes at once: each paper is confirmed once. One paper's failure is logged and the run
 * goes on; every paper asked is marked asked.
 */
export async function confirmHandEnteredPapers(
  deps: HandEnteredCheckDeps,
  now = new Date(),
  opts: HandEnteredCheckOptions = {},
): Promise<HandEnteredCheck> {
  const at = now.toISOString();
  const before = opts.all ? at : new Date(now.getTime() - HAND_ENTERED_RECHECK_MS).toISOString();
  const report: HandEnteredCheck = {
    checked: 0,
    confirmed: 0,
    notFound: 0,
    unavailable: 0,
    failed: 0,
  };
  // Each paper asked is marked asked at `now`, so the next batch holds only new ones; a paper
  // seen twice (its mark could not be written) ends the run rather than loop on it.
  const seen = new Set<number>();
  for (;;) {
    const due = await listHandEnteredPapersToCheck(deps.db, before, HAND_ENTERED_CHECK_BATCH);
    const fresh = due.filter(({ id }) => !seen.has(id));
    for (const { id: paperId } of fresh) {
      // Stopping waits for at most the paper in hand (its request is bounded by the HTTP
      // client's timeout), not for the rest of the batch.
      if (deps.signal?.aborted) return report;
      seen.add(paperId);
      report.checked++;
      try {
        const outcome = await checkPaper(deps, paperId, at, opts.all === true);
        if (outcome) report[outcome]++;
      } catch (error) {
        report.failed++;
        deps.logger?.warn({ err: error, paperId }, "hand-entered paper check failed");
        // Marked as asked all the same: a paper that always fails must not stay first in
        // line and hold the batch up forever. If even this write fails, the next run tries.
        await markPaperChecked(deps.db, paperId, at).catch(() => {});
      }
    }
    if (!opts.all || fresh.length === 0 || due.length < HAND_ENTERED_CHECK_BATCH) return report;
  }
}

async function checkPaper(
  deps: HandEnteredCheckDeps,
  paperId: number,
  at: string,
  fresh: boolean,
): Promise<"confirmed" | "notFound" | "unavailable" | null> {
  const identifiers = await listPaperIdentifiers(deps.db, [paperId]);
  const known = identifiers.map(storedPaperId).find((i) => i !== null);
  const result = known
    ? await deps.metadata.lookup(known, { fresh })
    : ({ status: "not_found" } as const);
  if (result.status !== "found") {
    await markPaperChecked(deps.db, paperId, at);
    return result.status === "not_found" ? "notFound" : "unavailable";
  }
  const record = recordFromMetadata(result.metadata);
  // The paper's own identifiers first: the store files the record under the first one it
  // knows, and another paper owning one of the record's other identifiers must not win.
  const own = identifiers.map((i) => ({ scheme: i.scheme, value: i.value }));
  const ownKeys = new Set(own.map((i) => `${i.scheme}\u0000${i.value}`));
  record.identifiers = [
    ...own,
    ...record.identifiers.filter((i) => !ownKeys.has(`${i.scheme}\u0000${i.value}`)),
  ];
  const replaced = await writeVisible(
    deps.db,
    async (trx) => {
      // Claims the paper (one run confirms it) and empties it, so the record replaces the
      // typed details rather than merging into them.
      if (!(await clearHandEnteredDetails(trx, paperId, record.title, at))) return false;
      await upsertPapers(trx, [record]);
      return true;
    },
    { changed: (done) => done },
  );
  return replaced ? "confirmed" : null;
}

/** A moderator corrects the details of a paper no service has confirmed. Gives its path. */
export async function correctPaperDetails(
  db: Kysely<Database>,
  user: CurrentUser | null,
  paperId: number,
  input: PaperDetailsInput,
  now = new Date(),
): Promise<string> {
  if (!isModerator(user)) {
    throw new DomainError("forbidden", "Only moderators can correct a paper's details.");
  }
  const paper = await findPaperById(db, paperId);
  if (!paper) throw notFound("The paper");
  const details = parsePaperDetails(input, now);
  const at = now.toISOString();
  await writeVisible(db, async (trx) => {
    const updated = await updateTypedPaperDetails(
      trx,
      paperId,
      {
        title: details.title,
        authors: details.authors,
        year: details.year,
        venueId: await venueIdOf(trx, details.venue),
        abstract: details.abstract,
        section: (details.venue ? sectionOfVenue(details.venue.key) : null) ?? paper.section,
      },
      at,
    );
    // Thrown inside the transaction, so that a venue created for it is rolled back too.
    if (!updated) {
      throw new DomainError(
        "conflict",
        "A metadata service has confirmed this paper's details; they can no longer be edited here.",
      );
    }
  });
  return canonicalPaperPath(paperId, await listPaperIdentifiers(db, [paperId]));
}
