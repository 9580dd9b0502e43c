import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../src/auth/sessions.service";
import { API_TOKENS_PER_USER_MAX } from "../../src/core/limits";
import { hashToken } from "../../src/core/tokens";
import { type AppProcess, startAppProcess } from "../helpers/app-process";
import { makeAccount } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

// Several "New token" forms sent at once from two server processes sharing one database: the
// per-user limit holds, because each request locks the user's tokens before it counts them.
// SQLite, and PostgreSQL with TEST_DATABASE_URL.

let testDb: TestDb;
let apps: AppProcess[];
beforeAll(async () => {
  testDb = await createTestDb();
  apps = await Promise.all([startAppProcess(testDb.url), startAppProcess(testDb.url)]);
}, 60_000);
afterAll(async () => {
  await Promise.all((apps ?? []).map((a) => a.close()));
  await testDb?.drop();
});

const db = () => testDb.db.kysely;

describe("making API tokens from two processes at once", () => {
  it("a user one short of the limit ends with exactly the limit; the rest are refused clearly", async () => {
    const account = await makeAccount(db());
    const session = await startSession(db(), account.id, "test");
    const { csrf_token } = await db()
      .selectFrom("sessions")
      .select("csrf_token")
      .where("token_hash", "=", hashToken(session))
      .executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    // Filled in directly, so the requests below are the only ones the rate limit counts.
    await db()
      .insertInto("api_tokens")
      .values(
        Array.from({ length: API_TOKENS_PER_USER_MAX - 1 }, (_, i) => ({
          user_id: account.id,
          name: `filler ${i}`,
          token_hash: hashToken(`filler ${account.id} ${i}`),
          scope: "read",
          created_at: now,
        })),
      )
      .execute();

    const n = 8;
    const answers = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const app = apps[i % apps.length] as AppProcess;
        const res = await fetch(`${app.url}/settings/api-tokens`, {
          method: "POST",
          redirect: "manual",
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Origin: app.url,
            Cookie: `ss_session=${session}`,
            "X-Forwarded-For": `10.9.${i}.${account.id & 255}`,
          },
          body: new URLSearchParams({ _csrf: csrf_token, name: `parallel ${i}`, scope: "read" }),
        });
        return { status: res.status, html: await res.text() };
      }),
    );

    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused).toHaveLength(n - 1);
    for (const a of refused) {
      expect(a.status).toBe(409);
      expect(a.html).toContain(`You have ${API_TOKENS_PER_USER_MAX} tokens already`);
    }
    const live = await db()
      .selectFrom("api_tokens")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", account.id)
      .where("revoked_at", "is", null)
      .executeTakeFirstOrThrow();
    expect(Number(live.n)).toBe(API_TOKENS_PER_USER_MAX);
  }, 60_000);
});
