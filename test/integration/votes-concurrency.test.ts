import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readContentVersion } from "../../src/db/content-version";
import type { Database } from "../../src/db/schema";
import { type VoteChoice, voteOnSummary } from "../../src/votes/votes.service";
import type { WriterOp } from "../helpers/concurrent-writer";
import { type ConcurrentWriters, startConcurrentWriters } from "../helpers/concurrent-writers";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

// Votes, withdrawals, changes and account deletions fired at once from separate processes
// (separate connections): the score must still equal the sum of the vote rows afterwards.

const WRITERS = 4;
const VOTERS = 50;
const ROUNDS = 20;
/** Voters who send two different votes in the same round, from two processes. */
const DOUBLE_VOTERS = 10;

let testDb: TestDb;
let db: Kysely<Database>;
let writers: ConcurrentWriters;

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db.kysely;
  writers = await startConcurrentWriters(testDb.url, WRITERS);
});
afterAll(async () => {
  await writers?.close();
  await testDb?.drop();
});

/** A small seeded generator: every run fires the same sequence, so a failure reproduces. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

async function scoreAndRowSum(summaryId: number) {
  const summary = await db
    .selectFrom("summaries")
    .select("score")
    .where("id", "=", summaryId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom("votes")
    .select(["user_id", "value"])
    .where("summary_id", "=", summaryId)
    .execute();
  return {
    score: summary.score,
    rowSum: rows.reduce((sum, r) => sum + r.value, 0),
    rows: new Map(rows.map((r) => [r.user_id, r.value])),
  };
}

/** Deals ops round-robin from a shuffled order, so each process gets a mix of kinds. */
function deal(ops: WriterOp[], random: () => number): WriterOp[][] {
  const shuffled = [...ops];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as WriterOp, shuffled[i] as WriterOp];
  }
  const shares: WriterOp[][] = Array.from({ length: WRITERS }, () => []);
  for (const [i, op] of shuffled.entries()) shares[i % WRITERS]?.push(op);
  return shares;
}

describe("concurrent votes", () => {
  it("keep the score equal to the sum of the vote rows, every round", async () => {
    const random = seeded(20_261_127);
    const choices: VoteChoice[] = [1, -1, 0];
    const author = await makeUser(db);
    const main = await makeSummary(db, (await makePaper(db)).id, author.id);
    const other = await makeSummary(db, (await makePaper(db)).id, author.id);
    // Where the leavers vote for the first time while their accounts are being deleted.
    const third = await makeSummary(db, (await makePaper(db)).id, author.id);
    const voters = await Promise.all(Array.from({ length: VOTERS }, () => makeUser(db)));
    const seen = { added: 0, changed: 0, withdrawn: 0 };
    let rows = new Map<number, number>();

    for (let round = 0; round < ROUNDS; round++) {
      // Two people who voted on both summaries delete their accounts during the burst.
      const leavers = [await makeUser(db), await makeUser(db)];
      for (const [i, leaver] of leavers.entries()) {
        const value = i === 0 ? 1 : -1;
        await voteOnSummary(db, { summaryId: main, userId: leaver.id, value });
        await voteOnSummary(db, { summaryId: other, userId: leaver.id, value });
      }
      const intended = new Map<number, VoteChoice[]>();
      for (const voter of voters) {
        intended.set(voter.id, [choices[Math.floor(random() * 3)] as VoteChoice]);
      }
      for (const voter of voters.slice(0, DOUBLE_VOTERS)) {
        const first = intended.get(voter.id)?.[0];
        const second = choices.filter((c) => c !== first)[Math.floor(random() * 2)];
        intended.get(voter.id)?.push(second as VoteChoice);
      }
      const ops: WriterOp[] = [
        ...[...intended].flatMap(([userId, values]) =>
          values.map((value) => ({ kind: "vote" as const, summaryId: main, userId, value })),
        ),
        ...leavers.map((leaver) => ({
          kind: "vote" as const,
          summaryId: third,
          userId: leaver.id,
          value: 1 as const,
          voterLeaving: true,
        })),
        { kind: "deleteAccount", userId: leavers[0]?.id ?? 0, mode: "keep" },
        { kind: "deleteAccount", userId: leavers[1]?.id ?? 0, mode: "remove" },
      ];

      expect(await writers.run(deal(ops, random))).toEqual([]);

      for (const summaryId of [main, other, third]) {
        const { score, rowSum } = await scoreAndRowSum(summaryId);
        expect({ round, summaryId, score }).toEqual({ round, summaryId, score: rowSum });
      }
      const after = await scoreAndRowSum(main);
      const onThird = await scoreAndRowSum(third);
      for (const leaver of leavers) {
        expect(after.rows.has(leaver.id)).toBe(false);
        // Whether it landed before the deletion or was refused after it, no vote remains.
        expect(onThird.rows.has(leaver.id)).toBe(false);
      }
      for (const [userId, values] of intended) {
        const now = after.rows.get(userId) ?? 0;
        // A voter who sent two votes at once ends with one of them, whichever came last.
        expect(values).toContain(now);
        const before = rows.get(userId) ?? 0;
        if (before === 0 && now !== 0) seen.added++;
        if (before !== 0 && now !== 0 && now !== before) seen.changed++;
        if (before !== 0 && now === 0) seen.withdrawn++;
      }
      rows = after.rows;
    }
    // The rounds did exercise every kind of change, not only new votes.
    expect(seen.added).toBeGreaterThan(0);
    expect(seen.changed).toBeGreaterThan(0);
    expect(seen.withdrawn).toBeGreaterThan(0);
  }, 240_000);

  it("add up paper views flushed at once by separate processes", async () => {
    const paper = await makePaper(db);
    const day = "2026-11-27";
    let total = 0;
    for (let round = 0; round < 5; round++) {
      const shares = Array.from({ length: WRITERS }, (_, w) =>
        Array.from({ length: 10 }, (_, j): WriterOp => {
          const views = w + j + 1;
          total += views;
          return { kind: "views", paperId: paper.id, day, views };
        }),
      );
      expect(await writers.run(shares)).toEqual([]);
      const row = await db
        .selectFrom("paper_views")
        .select("views")
        .where("paper_id", "=", paper.id)
        .where("day", "=", day)
        .executeTakeFirstOrThrow();
      expect(row.views).toBe(total);
    }
  });

  it("land every comment written at once by separate processes, each bumping the version once", async () => {
    const author = await makeUser(db);
    const summaryId = await makeSummary(db, (await makePaper(db)).id, author.id);
    const commenter = await makeUser(db);
    const versionBefore = await readContentVersion(db);
    // The comment path reads (is the summary public?) before it writes: on SQLite that only
    // works across processes because the write path takes the write lock first.
    const shares = Array.from({ length: WRITERS }, (_, w) =>
      Array.from(
        { length: 10 },
        (_, j): WriterOp => ({
          kind: "comment",
          summaryId,
          userId: commenter.id,
          source: `Remark ${w}.${j}`,
        }),
      ),
    );
    expect(await writers.run(shares)).toEqual([]);
    const rows = await db
      .selectFrom("comments")
      .select("source")
      .where("summary_id", "=", summaryId)
      .execute();
    expect(rows.map((r) => r.source).sort()).toEqual(
      shares
        .flat()
        .map((op) => (op.kind === "comment" ? op.source : ""))
        .sort(),
    );
    expect(await readContentVersion(db)).toBe(versionBefore + WRITERS * 10);
  });
});
