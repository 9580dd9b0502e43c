import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../src/auth/sessions.service";
import { hashToken } from "../../src/core/tokens";
import { type AppProcess, startAppProcess } from "../helpers/app-process";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

// Votes through the route, as the vote script sends them (JSON), fired at once at two server
// processes sharing one database (separate connections): the score must equal the sum of the
// vote rows, each answer must be a score some order of the votes produced, and every voter's
// row must be what they last sent.

const VOTERS = 40;

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

interface Voter {
  id: number;
  token: string;
  csrf: string;
}

async function makeVoter(): Promise<Voter> {
  const account = await makeAccount(db());
  const token = await startSession(db(), account.id, "test");
  const session = await db()
    .selectFrom("sessions")
    .select("csrf_token")
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirstOrThrow();
  return { id: account.id, token, csrf: session.csrf_token };
}

async function vote(app: AppProcess, voter: Voter, summaryId: number, value: number) {
  const res = await fetch(`${app.url}/summary/${summaryId}/vote`, {
    method: "POST",
    headers: {
      Accept: "application/json",
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: app.url,
      Cookie: `ss_session=${voter.token}`,
      "X-CSRF-Token": voter.csrf,
      "X-Forwarded-For": `10.9.${voter.id >> 8}.${voter.id & 255}`,
    },
    body: new URLSearchParams({ value: String(value) }),
  });
  return { status: res.status, body: (await res.json()) as { score: number; vote: number } };
}

async function scoreAndRows(summaryId: number) {
  const { score } = await db()
    .selectFrom("summaries")
    .select("score")
    .where("id", "=", summaryId)
    .executeTakeFirstOrThrow();
  const rows = await db()
    .selectFrom("votes")
    .select(["user_id", "value"])
    .where("summary_id", "=", summaryId)
    .execute();
  return {
    score,
    sum: rows.reduce((s, r) => s + r.value, 0),
    rows: new Map(rows.map((r) => [r.user_id, r.value])),
  };
}

describe("votes through the route from two processes at once", () => {
  it("keep score == sum of the rows through votes, changes and withdrawals", async () => {
    const author = await makeUser(db());
    const summaryId = await makeSummary(db(), (await makePaper(db())).id, author.id);
    const voters = await Promise.all(Array.from({ length: VOTERS }, makeVoter));
    const appFor = (i: number) => apps[i % apps.length] as AppProcess;

    // Round 1: everyone votes, two in three up.
    const first = (i: number) => (i % 3 === 2 ? -1 : 1);
    const round1 = await Promise.all(voters.map((v, i) => vote(appFor(i), v, summaryId, first(i))));
    expect(round1.map((r) => r.status)).toEqual(voters.map(() => 200));
    expect(round1.map((r) => r.body.vote)).toEqual(voters.map((_, i) => first(i)));
    const expected1 = voters.reduce((s, _, i) => s + first(i), 0);
    // Each answer is the score its own vote left, read under the summary's lock: the vote
    // that committed last answered the final score.
    expect(round1.map((r) => r.body.score)).toContain(expected1);
    let state = await scoreAndRows(summaryId);
    expect(state.score).toBe(expected1);
    expect(state.sum).toBe(expected1);

    // Round 2, at once: a quarter withdraw (a second press), a quarter change their vote,
    // and the rest press the same button again from the other process (no change).
    const second = (i: number) => [0, -first(i), first(i), first(i)][i % 4] as number;
    const round2 = await Promise.all(
      voters.map((v, i) => vote(appFor(i + 1), v, summaryId, second(i))),
    );
    expect(round2.map((r) => r.status)).toEqual(voters.map(() => 200));
    expect(round2.map((r) => r.body.vote)).toEqual(voters.map((_, i) => second(i)));
    const expected2 = voters.reduce((s, _, i) => s + second(i), 0);
    state = await scoreAndRows(summaryId);
    expect(state.score).toBe(expected2);
    expect(state.sum).toBe(expected2);
    expect(voters.map((v) => state.rows.get(v.id) ?? 0)).toEqual(voters.map((_, i) => second(i)));
    expect(round2.map((r) => r.body.score)).toContain(expected2);
  }, 60_000);

  it("keep score == sum of the rows when one voter sends different votes to both processes at once", async () => {
    const author = await makeUser(db());
    const summaryId = await makeSummary(db(), (await makePaper(db())).id, author.id);
    const voters = await Promise.all(Array.from({ length: VOTERS / 2 }, makeVoter));
    const answers = await Promise.all(
      voters.flatMap((v) => [
        vote(apps[0] as AppProcess, v, summaryId, 1),
        vote(apps[1] as AppProcess, v, summaryId, -1),
      ]),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const state = await scoreAndRows(summaryId);
    expect(state.score).toBe(state.sum);
    expect(state.rows.size).toBe(voters.length);
    for (const v of voters) expect([1, -1]).toContain(state.rows.get(v.id));
  }, 60_000);
});
