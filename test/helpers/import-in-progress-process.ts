// Forked by the import-settings tests: a process in the middle of a bulk import, between two
// batches. It takes the import's settings exactly as an import does (withImportSettings),
// says "importing" to its parent, and holds them until it is killed, as an import ended by a
// second Ctrl-C, SIGTERM or a crash would be.

import { connect } from "../../src/db/connect";
import { withImportSettings } from "../../src/import/import-settings";

const db = connect(`sqlite:${process.argv[2]}`);
await withImportSettings(db.kysely, () => {
  process.send?.("importing");
  // Kept alive by the timer: nothing else would hold the event loop open.
  return new Promise<never>(() => setInterval(() => {}, 60_000));
});
