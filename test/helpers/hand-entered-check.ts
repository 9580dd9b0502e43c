// A separate process running the hand-entered papers check once, as another app process's
// scheduler would: `node --import tsx test/helpers/hand-entered-check.ts DATABASE_URL
// ARXIV_ENDPOINT NOW_ISO`. Prints the run's report as JSON.

import { connect } from "../../src/db/connect";
import { confirmHandEnteredPapers } from "../../src/papers/hand-entered.service";
import { createMetadataService } from "../../src/papers/resolvers/default-resolvers";
import { checkServices } from "./hand-entered-services";

const [url = "", arxiv = "", nowIso = ""] = process.argv.slice(2);
const now = new Date(nowIso);
const db = connect(url);
try {
  const metadata = createMetadataService(db.kysely, checkServices(arxiv), {
    now: () => now.getTime(),
  });
  const report = await confirmHandEnteredPapers({ db: db.kysely, metadata }, now);
  process.stdout.write(JSON.stringify(report));
} finally {
  await db.close();
}
