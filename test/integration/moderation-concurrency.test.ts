import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../src/auth/sessions.service";
import { hashToken } from "../../src/core/tokens";
import { type AppProcess, startAppProcess } from "../helpers/app-process";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

// Moderation from two server processes sharing one database (separate connections, as in
// production): the same report sent to both at once is stored once, and moderators pressing
// Hide (or Ban) on the same target at once change it once, resolve its reports once and
// write one log row.

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

interface Person {
  id: number;
  token: string;
  csrf: string;
}

async function person(role: "user" | "moderator" | "admin" = "user"): Promise<Person> {
  const account = await makeAccount(db());
  await db().updateTable("users").set({ role }).where("id", "=", account.id).execute();
  const token = await startSession(db(), account.id, "test");
  const session = await db()
    .selectFrom("sessions")
    .select("csrf_token")
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirstOrThrow();
  return { id: account.id, token, csrf: session.csrf_token };
}

async function post(app: AppProcess, who: Person, path: string, fields: Record<string, string>) {
  const res = await fetch(`${app.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: app.url,
      Cookie: `ss_session=${who.token}`,
      "X-Forwarded-For": `10.8.${who.id >> 8}.${who.id & 255}`,
    },
    body: new URLSearchParams({ _csrf: who.csrf, ...fields }),
  });
  await res.arrayBuffer();
  return res.status;
}

const rowsOn = (table: "reports" | "moderation_log", kind: string, id: number) =>
  db()
    .selectFrom(table)
    .selectAll()
    .where("target_kind", "=", kind)
    .where("target_id", "=", id)
    .execute();

describe("moderation from two processes at once", () => {
  it("one report per reporter and target; one hide, one resolution, one log row", async () => {
    const author = await makeUser(db());
    const paper = await makePaper(db());
    const summaryId = await makeSummary(db(), paper.id, author.id);
    const reporters = await Promise.all([person(), person(), person()]);
    const sent = await Promise.all(
      reporters.flatMap((r) =>
        [0, 1, 2, 3].map((i) =>
          post(apps[i % 2] as AppProcess, r, `/report/summary/${summaryId}`, { reason: "spam" }),
        ),
      ),
    );
    expect(sent).toEqual(Array(12).fill(200));
    expect(await rowsOn("reports", "summary", summaryId)).toHaveLength(3);

    const mods = await Promise.all([person("moderator"), person("admin")]);
    const acted = await Promise.all(
      mods.flatMap((m, j) =>
        [0, 1, 2, 3].map((i) =>
          post(apps[(i + j) % 2] as AppProcess, m, `/moderation/summary/${summaryId}`, {
            action: "hide",
          }),
        ),
      ),
    );
    expect(acted).toEqual(Array(8).fill(303));
    const log = await rowsOn("moderation_log", "summary", summaryId);
    expect(log.map((l) => [l.action, l.note])).toEqual([["hide", "3 reports closed"]]);
    const reports = await rowsOn("reports", "summary", summaryId);
    expect(new Set(reports.map((r) => `${r.resolution}:${r.resolved_by}`))).toEqual(
      new Set([`hidden:${log[0]?.actor_id}`]),
    );
    const { hidden_at } = await db()
      .selectFrom("summaries")
      .select("hidden_at")
      .where("id", "=", summaryId)
      .executeTakeFirstOrThrow();
    expect(hidden_at).not.toBeNull();
  });

  it("a ban pressed at once by two moderators bans once and ends the sessions", async () => {
    const target = await person();
    const mods = await Promise.all([person("moderator"), person("moderator")]);
    const acted = await Promise.all(
      mods.flatMap((m) =>
        (apps as AppProcess[]).map((app) =>
          post(app, m, `/moderation/user/${target.id}`, { action: "ban" }),
        ),
      ),
    );
    expect(acted).toEqual(Array(4).fill(303));
    expect((await rowsOn("moderation_log", "user", target.id)).map((l) => l.action)).toEqual([
      "ban",
    ]);
    const sessions = await db()
      .selectFrom("sessions")
      .select("id")
      .where("user_id", "=", target.id)
      .execute();
    expect(sessions).toEqual([]);
  });
});
