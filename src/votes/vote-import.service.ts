import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { castVote, type VoteChoice } from "./votes.repo";

// Votes from another site's dump (import/legacy-import.service.ts), inside the caller's
// (visible-write) transaction. The scores are not moved here: the importer recounts the
// summaries it touched once their votes are in (summaries/summary-import.service.ts).

/** Records a vote as of `at`; 0 (withdrawn there) removes a vote imported before. */
export async function storeImportedVote(
  trx: Kysely<Database>,
  v: { summaryId: number; userId: number; value: VoteChoice; at: string },
): Promise<void> {
  await castVote(trx, v);
}
