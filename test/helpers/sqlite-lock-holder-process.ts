// Another OS process holding a SQLite file's write lock (as a backup, an import or a CLI
// command would) until told to let go. Started by holdSqliteWriteLock (sqlite-lock-holder.ts).

import SqliteDatabase from "better-sqlite3";

export type HolderRequest = { release: "rollback" | "commit-write" };

const file = process.argv[2];
if (!file) throw new Error("usage: sqlite-lock-holder-process <file>");
const db = new SqliteDatabase(file);
db.exec("BEGIN IMMEDIATE");
process.send?.("held");

process.on("message", (request: HolderRequest) => {
  // A write committed meanwhile is what makes a transaction that read first fail for good
  // (SQLITE_BUSY_SNAPSHOT); the app's writes must not be such transactions.
  if (request.release === "commit-write") {
    db.exec("UPDATE content_version SET version = version + 1 WHERE id = 1");
    db.exec("COMMIT");
  } else {
    db.exec("ROLLBACK");
  }
  db.close();
  process.send?.("released", () => process.disconnect());
});
// The test went away: ending releases the lock too.
process.on("disconnect", () => process.exit(0));
