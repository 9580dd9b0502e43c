import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../src/auth/sessions.service";
import { hashToken } from "../../src/core/tokens";
import { type AppProcess, startAppProcess } from "../helpers/app-process";
import { makeAccount, makePaper } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

// Two tabs (here: two server processes sharing one database) changing one reading list at
// once. Every write locks the list's row first (SQLite: the database's write lock), so the
// same paper added twice is one item, and moves leave positions a permutation 0…n−1.

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
const app = (i: number) => apps[i % apps.length] as AppProcess;

async function owner() {
  const account = await makeAccount(db());
  const token = await startSession(db(), account.id, "test");
  const { csrf_token } = await db()
    .selectFrom("sessions")
    .select("csrf_token")
    .where("token_hash", "=", hashToken(token))
    .executeTakeFirstOrThrow();
  return { ...account, token, csrf: csrf_token };
}

type Owner = Awaited<ReturnType<typeof owner>>;

function post(i: number, who: Owner, path: string, fields: Record<string, string>) {
  return fetch(`${app(i).url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: app(i).url,
      Cookie: `ss_session=${who.token}`,
      "X-Forwarded-For": `10.7.${who.id >> 8}.${who.id & 255}`,
    },
    body: new URLSearchParams({ _csrf: who.csrf, ...fields }),
  });
}

async function newList(who: Owner, name: string): Promise<number> {
  const res = await post(0, who, "/lists", { name, public: "1" });
  expect(res.status).toBe(303);
  const row = await db()
    .selectFrom("reading_lists")
    .select("id")
    .where("user_id", "=", who.id)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function positions(listId: number) {
  return db()
    .selectFrom("reading_list_items")
    .select(["paper_id", "position"])
    .where("list_id", "=", listId)
    .orderBy("position")
    .execute();
}

describe("reading lists changed from two processes at once", () => {
  it("the same paper added from both at once is one item", async () => {
    const who = await owner();
    const listId = await newList(who, "Duplicates");
    for (let round = 0; round < 5; round++) {
      const paper = await makePaper(db());
      const answers = await Promise.all(
        [0, 1, 2, 3].map((i) =>
          post(i, who, "/lists/add", { paper: String(paper.id), list: String(listId) }),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual([303, 303, 303, 303]);
    }
    const rows = await positions(listId);
    expect(rows.map((r) => r.position)).toEqual([0, 1, 2, 3, 4]);
  }, 60_000);

  it("different papers added at once get distinct places", async () => {
    const who = await owner();
    const listId = await newList(who, "Many at once");
    const papers = await Promise.all(Array.from({ length: 12 }, () => makePaper(db())));
    const answers = await Promise.all(
      papers.map((p, i) =>
        post(i, who, "/lists/add", { paper: String(p.id), list: String(listId) }),
      ),
    );
    expect(answers.every((r) => r.status === 303)).toBe(true);
    expect((await positions(listId)).map((r) => r.position)).toEqual(papers.map((_, i) => i));
  }, 60_000);

  it("moves and removals at once keep the order a permutation 0…n−1", async () => {
    const who = await owner();
    const listId = await newList(who, "Reorder");
    const papers = [];
    for (let i = 0; i < 8; i++) {
      const p = await makePaper(db());
      papers.push(p);
      expect(
        (await post(0, who, "/lists/add", { paper: String(p.id), list: String(listId) })).status,
      ).toBe(303);
    }
    const requests = papers.flatMap((p, i) => [
      post(i, who, `/lists/${listId}/items/${p.id}/move`, { direction: "up" }),
      post(i + 1, who, `/lists/${listId}/items/${p.id}/move`, { direction: "down" }),
      post(i, who, `/lists/${listId}/items/${p.id}/move`, { direction: i % 2 ? "up" : "down" }),
    ]);
    // Two removals race with the moves: a move of a removed paper is a 404, nothing else.
    requests.push(post(0, who, `/lists/${listId}/items/${papers[3]?.id}/remove`, {}));
    requests.push(post(1, who, `/lists/${listId}/items/${papers[5]?.id}/remove`, {}));
    const answers = await Promise.all(requests);
    for (const r of answers) expect([303, 404]).toContain(r.status);
    const rows = await positions(listId);
    expect(rows.map((r) => r.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(rows.map((r) => r.paper_id)).size).toBe(6);
  }, 60_000);
});
