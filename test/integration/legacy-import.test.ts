import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importLegacyDump } from "../../src/import/legacy-import.service";
import { testRender } from "../helpers/test-app";
import { createTestDb, type TestDb } from "../helpers/test-db";

// The original site's dump (test/fixtures/import/original-site.sql, written in the schema of
// ../shared/docs/original-schema.md): mojibake, an anonymous and a private summary, raw HTML,
// a \cite, withdrawn and duplicate votes, a soft-deleted comment, orphans, a banned user.
const FIXTURE = "test/fixtures/import/original-site.sql";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

const db = () => t.db.kysely;

async function summaryOf(username: string) {
  return db()
    .selectFrom("summaries as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .selectAll("s")
    .where("u.username", "=", username)
    .executeTakeFirstOrThrow();
}

describe("import shortscience-mysql", () => {
  it("imports users, papers, summaries, votes and comments as the dump has them", async () => {
    const r = await importLegacyDump(db(), testRender, FIXTURE);
    expect(r.tables.users).toMatchObject({ read: 5, written: 5 });
    expect(r.tables.papers).toMatchObject({ read: 5 });
    expect(r.tables.vignettes).toMatchObject({ read: 4, written: 3, skipped: 1 });
    expect(r.selfVotes).toBe(1);
    expect(r.ignored).toBe(1); // the venues row
    expect(r.renamedSamples).toEqual([{ from: "admin", to: "admin-legacy" }]);
    expect(r.emailsDropped).toBe(1);

    const users = await db().selectFrom("users").selectAll().orderBy("id").execute();
    expect(users.map((u) => u.username)).toEqual([
      "alice",
      "bob",
      "admin-legacy",
      "taken",
      "spammer",
    ]);
    expect(users.every((u) => u.password_hash === null)).toBe(true);
    expect(users[0]?.display_name).toBe("Alice Lévy");
    expect(users[0]?.email_verified_at).not.toBeNull();
    expect(users[1]?.email_verified_at).toBeNull();
    expect(users[3]?.email).toBeNull(); // ALICE@… is alice's address already

    // arXiv key, DBLP-style arXiv key, conf/ key with an arXiv url and a bare arXiv id: one
    // paper per arXiv id; a bare DOI; a plain BibTeX key without identifier.
    const papers = await db().selectFrom("papers").select(["id", "title"]).execute();
    expect(papers).toHaveLength(4);
    expect(papers.map((p) => p.title)).toContain("Réseaux profonds: étude “complète”");
    const ids = await db().selectFrom("paper_identifiers").select(["scheme", "value"]).execute();
    expect(ids).toEqual(
      expect.arrayContaining([
        { scheme: "arxiv", value: "1609.05473" },
        { scheme: "arxiv", value: "1706.03762" },
        { scheme: "dblp", value: "conf/nips/VaswaniSPUJGKP17" },
        { scheme: "doi", value: "10.1000/private.1" },
      ]),
    );

    const alice = await summaryOf("alice");
    expect(alice.created_at).toBe("2017-01-01T08:00:00.000Z");
    expect(alice.html).not.toContain("<script");
    expect(alice.html).not.toContain("onerror");
    expect(alice.html).toContain("1706.03762"); // the \cite became a link
    expect(alice.score).toBe(1); // +1 +1 −1 (withdrawn, then down); the self-vote left out
    expect(alice.share_token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const bob = await summaryOf("bob");
    expect(bob.is_anonymous).toBe(1);
    expect(bob.source).toContain("Très bien: the café’s résumé.");
    expect(bob.edited_at).toBe("2018-05-04T09:30:00.000Z");
    expect(bob.score).toBe(0);
    const priv = await summaryOf("admin-legacy");
    expect(priv.is_private).toBe(1);
    const revisions = await db()
      .selectFrom("summary_revisions")
      .select(["summary_id", "created_at"])
      .where("summary_id", "=", bob.id)
      .execute();
    expect(revisions).toEqual([{ summary_id: bob.id, created_at: "2018-05-01T08:00:00.000Z" }]);

    const comments = await db().selectFrom("comments").selectAll().orderBy("id").execute();
    expect(comments).toHaveLength(4);
    expect(comments[1]?.deleted_at).not.toBeNull();
    expect(comments[2]?.source).toBe("Is this 'correct'?\nYes.");
  });

  it("re-running duplicates nothing; a newer dump's edit becomes a revision", async () => {
    const count = async (table: "users" | "papers" | "summaries" | "votes" | "comments") =>
      (await db().selectFrom(table).select(db().fn.countAll().as("n")).executeTakeFirstOrThrow()).n;
    const before = await Promise.all(
      (["users", "papers", "summaries", "votes", "comments"] as const).map(count),
    );
    await importLegacyDump(db(), testRender, FIXTURE);
    const dir = mkdtempSync(join(tmpdir(), "legacy-dump-"));
    const newer = join(dir, "newer.sql");
    writeFileSync(
      newer,
      readFileSync(FIXTURE, "utf8")
        .replace(
          "'2018-05-01 08:00:00','2018-05-04 09:30:00'",
          "'2018-05-01 08:00:00','2019-01-01 00:00:00'",
        )
        .replace("The Transformer drops recurrence", "The Transformer (updated) drops recurrence"),
    );
    await importLegacyDump(db(), testRender, newer);
    const after = await Promise.all(
      (["users", "papers", "summaries", "votes", "comments"] as const).map(count),
    );
    expect(after.map(Number)).toEqual(before.map(Number));
    const bob = await summaryOf("bob");
    expect(bob.source).toContain("(updated)");
    const revisions = await db()
      .selectFrom("summary_revisions")
      .select("created_at")
      .where("summary_id", "=", bob.id)
      .orderBy("id")
      .execute();
    expect(revisions.map((x) => x.created_at)).toEqual([
      "2018-05-01T08:00:00.000Z",
      "2019-01-01T00:00:00.000Z",
    ]);
  });

  it("a user the original banned arrives banned; the others do not", async () => {
    const users = await db().selectFrom("users").select(["username", "banned_at"]).execute();
    const banned = users.filter((u) => u.banned_at !== null).map((u) => u.username);
    expect(banned).toEqual(["spammer"]);
  });

  it("a newer dump's edit never loosens private or anonymous: the stricter of the two is kept", async () => {
    // Since the import, alice made hers private and anonymous here; bob signed his (the dump
    // has it anonymous).
    const alice = await summaryOf("alice");
    const bob = await summaryOf("bob");
    await db()
      .updateTable("summaries")
      .set({ is_private: 1, is_anonymous: 1 })
      .where("id", "=", alice.id)
      .execute();
    await db().updateTable("summaries").set({ is_anonymous: 0 }).where("id", "=", bob.id).execute();

    const dir = mkdtempSync(join(tmpdir(), "legacy-dump-"));
    const newer = join(dir, "newer.sql");
    writeFileSync(
      newer,
      readFileSync(FIXTURE, "utf8")
        .replace(
          "',0,0,'2017-01-01 08:00:00','2017-01-01 08:00:00')",
          "',0,0,'2017-01-01 08:00:00','2021-01-01 00:00:00')",
        )
        .replace("SeqGAN treats", "SeqGAN (revised) treats")
        .replace(
          "'2018-05-01 08:00:00','2018-05-04 09:30:00'",
          "'2018-05-01 08:00:00','2021-01-01 00:00:00'",
        )
        .replace("The Transformer drops recurrence", "The Transformer (again) drops recurrence"),
    );
    await importLegacyDump(db(), testRender, newer);

    const a = await summaryOf("alice");
    expect(a.source).toContain("SeqGAN (revised) treats");
    expect(a.updated_at).toBe("2021-01-01T00:00:00.000Z");
    expect([a.is_private, a.is_anonymous]).toEqual([1, 1]);
    const b = await summaryOf("bob");
    expect(b.source).toContain("(again)");
    expect([b.is_private, b.is_anonymous]).toEqual([0, 1]);
  });
});
