import type { Kysely, Migration } from "kysely";

// Never edit once landed: add a new migration instead.
//
// A sign-up's confirmation link logs in only the browser that signed up: sign-up gives that
// browser a random key in a cookie and stores the key's SHA-256 with the link. Whoever else
// opens the mail (a mistyped address's owner, or a victim an attacker signed up with their
// address, to log them into the attacker's account) confirms the address but is not logged in.
export function signupBrowserMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("auth_tokens").addColumn("browser_hash", "text").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("auth_tokens").dropColumn("browser_hash").execute();
    },
  };
}
