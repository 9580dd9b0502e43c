import type { Kysely, Migration } from "kysely";

// Never edit once landed: add a new migration instead.
//
// The accounts migration added users.email_key (the address as login and reset look it up)
// without filling it, so users from before it could neither log in nor reset by e-mail. This
// fills it the way the app computes it, in JavaScript (SQL lower() folds only ASCII in SQLite).
//
// Two accounts may hold the same address in different case ("Ann@x.org", "ann@x.org"); the key
// is unique. The account whose address was confirmed gets it, else the oldest account. The
// others keep their address in users.email without a key: they log in by username, and a new
// address in Settings gives them a key again. An address without "@" gets no key (a username
// cannot hold "@", so a key without one could log in as someone else's username), nor does a
// deleted account.

const BATCH = 500;
const EMAIL_MAX = 254;

interface UserEmail {
  id: number;
  email: string;
}

export function emailKeyBackfillMigration(): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema of its own time
    async up(db: Kysely<any>) {
      for (const verified of [true, false]) {
        let after = 0;
        for (;;) {
          const rows: UserEmail[] = await db
            .selectFrom("users")
            .select(["id", "email"])
            .where("email_key", "is", null)
            .where("email", "is not", null)
            .where("deleted_at", "is", null)
            .where("email_verified_at", verified ? "is not" : "is", null)
            .where("id", ">", after)
            .orderBy("id")
            .limit(BATCH)
            .execute();
          if (rows.length === 0) break;
          after = rows[rows.length - 1]?.id ?? after;
          await fillBatch(db, rows);
        }
      }
    },
    // biome-ignore lint/suspicious/noExplicitAny: as above
    async down(_db: Kysely<any>) {
      // The keys are what the app would have written: nothing to undo.
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: as above
async function fillBatch(db: Kysely<any>, rows: UserEmail[]): Promise<void> {
  const wanted = new Map<string, number>();
  for (const row of rows) {
    const key = row.email.trim().toLowerCase();
    if (!key.includes("@") || key.length > EMAIL_MAX || /\s/.test(key)) continue;
    // Rows come oldest first: the first of a batch to want a key keeps it.
    if (!wanted.has(key)) wanted.set(key, row.id);
  }
  if (wanted.size === 0) return;
  const taken = await db
    .selectFrom("users")
    .select("email_key")
    .where("email_key", "in", [...wanted.keys()])
    .execute();
  for (const { email_key } of taken) wanted.delete(email_key as string);
  for (const [key, id] of wanted) {
    await db.updateTable("users").set({ email_key: key }).where("id", "=", id).execute();
  }
}
