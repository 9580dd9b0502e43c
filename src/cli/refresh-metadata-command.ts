// `shortscience refresh-metadata`: asks the metadata services now about every paper no
// service has confirmed (typed in by hand, or corrected by a moderator), through the same
// service function the server runs hourly, and prints what became of them.

import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import {
  confirmHandEnteredPapers,
  type HandEnteredCheck,
  type HandEnteredCheckDeps,
} from "../papers/hand-entered.service";

export function describeRefresh(r: HandEnteredCheck): string {
  return [
    `checked ${r.checked} hand-entered papers: ${r.confirmed} confirmed by a service`,
    `${r.notFound} still unknown to the services`,
    `${r.unavailable} whose service could not be reached`,
    `${r.failed} failed`,
  ].join(", ");
}

/** Exit code 1 when a paper's check failed (logged with its id), else 0. */
export async function runRefreshMetadataCommand(
  deps: { db: Kysely<Database> } & Omit<HandEnteredCheckDeps, "db" | "signal">,
  args: string[],
  out: (line: string) => void,
  now = new Date(),
): Promise<number> {
  if (args.length > 0) {
    out("Usage: shortscience refresh-metadata (it takes no arguments)");
    return 2;
  }
  const report = await confirmHandEnteredPapers(deps, now, { all: true });
  out(describeRefresh(report));
  return report.failed > 0 ? 1 : 0;
}
