import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../src/auth/sessions.service";
import { connect } from "../../src/db/connect";
import { type CliDatabase, createCliDatabase } from "../helpers/cli-db";

const run = promisify(execFile);
// On TEST_DATABASE_URL's server when it is set (CI's PostgreSQL run), else a SQLite file.
let database: CliDatabase;
let url: string;
beforeAll(async () => {
  database = await createCliDatabase();
  url = database.url;
});
afterAll(() => database.drop());

function cli(args: string[]) {
  const { BASE_URL: _vite, ...env } = process.env;
  return run(process.execPath, ["--import", "tsx", "src/main.ts", "user", ...args], {
    env: { ...env, DATABASE_URL: url, LOG_LEVEL: "warn", BASE_URL: "https://ss.example" },
    timeout: 60_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
}

describe("shortscience user", () => {
  it("creates an admin with a password link, changes roles, and bans (ending sessions at once)", async () => {
    const created = await cli(["create", "root_admin", "--email", "admin@example.org", "--admin"]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/https:\/\/ss\.example\/reset\/[A-Za-z0-9_-]{22}/);
    const db = connect(url);
    try {
      const row = await db.kysely
        .selectFrom("users")
        .selectAll()
        .where("username", "=", "root_admin")
        .executeTakeFirstOrThrow();
      expect(row.role).toBe("admin");
      expect(row.email_verified_at).not.toBeNull();
      // Logs in and resets by e-mail: the address's key is filled with the row.
      expect(row.email_key).toBe("admin@example.org");
      // A name deleted accounts are given is never the operator's to hand out.
      const reserved = await cli(["create", "Deleted-77", "--email", "d77@example.org"]);
      expect(reserved.code).not.toBe(0);
      const clash = await db.kysely
        .selectFrom("users")
        .select("id")
        .where("username_key", "=", "deleted-77")
        .execute();
      expect(clash).toEqual([]);
      expect((await cli(["role", "root_admin", "moderator"])).code).toBe(0);
      expect((await cli(["role", "root_admin", "emperor"])).code).toBe(2);
      expect((await cli(["role", "nobody", "user"])).code).toBe(1);
      await startSession(db.kysely, row.id, "test");
      await startSession(db.kysely, row.id, "test");
      const ban = await cli(["ban", "root_admin"]);
      expect(ban.stdout).toContain("2 session(s) ended");
      const after = await db.kysely
        .selectFrom("users")
        .selectAll()
        .where("id", "=", row.id)
        .executeTakeFirstOrThrow();
      expect(after.role).toBe("moderator");
      expect(after.banned_at).not.toBeNull();
      expect(
        await db.kysely.selectFrom("sessions").select("id").where("user_id", "=", row.id).execute(),
      ).toEqual([]);
      expect((await cli(["unban", "root_admin"])).code).toBe(0);
    } finally {
      await db.close();
    }
    // Eight CLI processes, each starting Node and migrating: seconds each on a busy machine.
  }, 120_000);
});
