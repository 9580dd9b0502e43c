// Papers whose details a person typed in because no service knew them or none answered:
// stored as "hand" (their page says so), confirmed or replaced by a background check once a
// service knows them, and correctable by moderators until then.

import type { Kysely } from "kysely";
import type { CurrentUser } from "../auth/sessions.service";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { DomainError, notFound } from "../errors";
import { HAND_ENTERED_CHECK_BATCH, HAND_ENTERED_RECHECK_MS } from "../limits";
import { ID_SCHEMES, type IdScheme, type PaperId } from "./ids";
import { type PaperDetails, type PaperDetailsInput, parsePaperDetails } from "./paper-details";
import { draftOfRecord, rowOfDraft } from "./paper-merge";
import { canonicalPaperPath } from "./paper-paths";
import { ensureVenues } from "./paper-store.repo";
import { recordFromMetadata, upsertPapers } from "./paper-store.service";
import {
  addPaperIdentifierIfFree,
  clearHandEnteredDetails,
  findPaperById,
  insertHandEnteredPaper,
  listHandEnteredPapersToCheck,
  listPaperIdentifiers,
  markPaperChecked,
  updateTypedPaperDetails,
} from "./papers.repo";
import type { MetadataService } from "./resolvers/metadata.service";
import { sectionOfVenue } from "./venue-names";

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
      const row = rowOfDraft(
        draftOfRecord({
          ...details,
          categories: [],
          arxivVersion: id.scheme === "arxiv" ? (id.version ?? null) : null,
          identifiers: [],
        }),
        await venueIdOf(trx, details.venue),
      );
      const paperId = await insertHandEnteredPaper(trx, row, at);
      if (!(await addPaperIdentifierIfFree(trx, paperId, id))) throw new IdentifierTaken();
      return canonicalPaperPath(paperId, [{ scheme: id.scheme, value: id.value }]);
    });
  } catch (error) {
    if (!(error instanceof IdentifierTaken)) throw error;
    const owner = await db
      .selectFrom("paper_identifiers")
      .select("paper_id")
      .where("scheme", "=", id.scheme)
      .where("value", "=", id.value)
      .executeTakeFirst();
    if (!owner) throw new DomainError("conflict", "That paper could not be saved; try again.");
    return canonicalPaperPath(owner.paper_id, await listPaperIdentifiers(db, [owner.paper_id]));
  }
}

export interface HandEnteredCheck {
  checked: number;
  /** Papers whose details a service's record replaced (or confirmed, when they agreed). */
  confirmed: number;
  notFound: number;
  unavailable: number;
}

/**
 * The background job: asks the services again about hand-entered papers not asked within
 * HAND_ENTERED_RECHECK_MS, a bounded batch per run. A service's record replaces the typed
 * details whole (title, authors, year, venue, abstract); a moderator's correction is never
 * overwritten. Safe to run from several processes at once: each paper is confirmed once.
 */
export async function confirmHandEnteredPapers(
  deps: { db: Kysely<Database>; metadata: MetadataService },
  now = new Date(),
): Promise<HandEnteredCheck> {
  const at = now.toISOString();
  const before = new Date(now.getTime() - HAND_ENTERED_RECHECK_MS).toISOString();
  const due = await listHandEnteredPapersToCheck(deps.db, before, HAND_ENTERED_CHECK_BATCH);
  const report: HandEnteredCheck = { checked: 0, confirmed: 0, notFound: 0, unavailable: 0 };
  for (const { id: paperId } of due) {
    const identifiers = await listPaperIdentifiers(deps.db, [paperId]);
    const known = identifiers.map(storedPaperId).find((i) => i !== null);
    report.checked++;
    const result = known ? await deps.metadata.lookup(known) : ({ status: "not_found" } as const);
    if (result.status !== "found") {
      report[result.status === "not_found" ? "notFound" : "unavailable"]++;
      await markPaperChecked(deps.db, paperId, at);
      continue;
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
        if (!(await clearHandEnteredDetails(trx, paperId, record.title, at))) return false;
        await upsertPapers(trx, [record]);
        return true;
      },
      { changed: (done) => done },
    );
    if (replaced) report.confirmed++;
  }
  return report;
}

/** A moderator corrects the details of a paper no service has confirmed. Gives its path. */
export async function correctPaperDetails(
  db: Kysely<Database>,
  user: CurrentUser | null,
  paperId: number,
  input: PaperDetailsInput,
  now = new Date(),
): Promise<string> {
  if (user?.role !== "moderator" && user?.role !== "admin") {
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
        authors: JSON.stringify(details.authors),
        year: details.year,
        venue_id: await venueIdOf(trx, details.venue),
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
