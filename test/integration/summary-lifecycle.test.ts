import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATE_LIMITS, SUMMARY_MAX_BYTES, SUMMARY_RESTORE_DAYS } from "../../src/core/limits";
import { daysAgoIso } from "../../src/core/time";
import { wordDiff } from "../../src/summaries/summary-history.service";
import { purgeDeletedSummaries } from "../../src/summaries/summary-lifecycle.service";
import { createClient, type TestClient } from "../helpers/client";
import { makePaper } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { publishSummary } from "../helpers/publish-summary";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Summaries an author edits, deletes (softly) and restores; their "edited" mark; the private
// summary's secret link and its replacement; the owner's private tab (issue 10, point 3).
// Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const PAD = " It trains a reversible network and recomputes activations on the way back.".repeat(4);
const text = (marker: string) => `Summary ${marker}.${PAD}`;

type Paper = Awaited<ReturnType<typeof makePaper>>;
const paperPath = (p: Paper) => `/paper/arxiv/${p.arxiv}`;

/** A logged-in author with a published summary of a new paper. */
async function authorWithSummary(marker: string, extra: Record<string, string> = {}) {
  const paper = await makePaper(t.db);
  const { acct, client } = await logInNewAccount(t);
  const res = await publishSummary(client, paper, text(marker), extra);
  expect(res.status).toBe(303);
  const row = await t.db
    .selectFrom("summaries")
    .selectAll()
    .where("paper_id", "=", paper.id)
    .executeTakeFirstOrThrow();
  return { paper, acct, client, id: row.id, shareToken: row.share_token };
}

const revisions = (id: number) =>
  t.db
    .selectFrom("summary_revisions")
    .selectAll()
    .where("summary_id", "=", id)
    .orderBy("id")
    .execute();
const summaryRow = (id: number) =>
  t.db.selectFrom("summaries").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

/** POSTs a form found on `page` (its token), as a person pressing its button would. */
async function press(client: TestClient, page: string, action: string, fields = {}) {
  await client.get(page);
  return client.post(action, fields);
}

describe("editing", () => {
  it("an edit adds a revision and the 'edited' mark; the same text again adds none", async () => {
    const { paper, client, id } = await authorWithSummary("editmark");
    expect(await revisions(id)).toHaveLength(1);
    expect((await summaryRow(id)).edited_at).toBeNull();
    let html = await (await client.get(`/summary/${id}`)).text();
    expect(html).not.toContain("edited <time");

    expect((await publishSummary(client, paper, text("editmark changed"))).status).toBe(303);
    expect(await revisions(id)).toHaveLength(2);
    const edited = (await summaryRow(id)).edited_at;
    expect(edited).not.toBeNull();
    html = await (await client.get(`/summary/${id}`)).text();
    expect(html).toContain(`edited <time datetime="${edited}">`);
    // The public page shows it too.
    expect(await (await createClient(t).get(paperPath(paper))).text()).toContain("edited <time");

    expect((await publishSummary(client, paper, text("editmark changed"))).status).toBe(303);
    expect(await revisions(id)).toHaveLength(2);
    expect((await summaryRow(id)).edited_at).toBe(edited);
  });

  it("the actions row: Edit, History, Delete for the author; Report for others", async () => {
    const { paper, client, id } = await authorWithSummary("actions");
    const mine = await (await client.get(`/summary/${id}`)).text();
    for (const href of [
      `${paperPath(paper)}/write`,
      `/summary/${id}/history`,
      `/summary/${id}/delete`,
    ]) {
      expect(mine).toContain(`href="${href}"`);
    }
    expect(mine).not.toContain(`href="/report/summary/${id}"`);
    const { client: other } = await logInNewAccount(t);
    const theirs = await (await other.get(`/summary/${id}`)).text();
    expect(theirs).toContain(`href="/report/summary/${id}"`);
    expect(theirs).not.toContain(`href="/summary/${id}/delete"`);
    expect(theirs).not.toContain(`href="${paperPath(paper)}/write"`);
  });

  it("two edits at once each leave a revision, and the text is one of them", async () => {
    const { paper, client, id } = await authorWithSummary("parallel");
    await client.get(`${paperPath(paper)}/write`);
    const texts = [text("parallel one"), text("parallel two")];
    const statuses = await Promise.all(
      texts.map((source) =>
        client.post("/summaries", { paperId: String(paper.id), source }).then((r) => r.status),
      ),
    );
    expect(statuses).toEqual([303, 303]);
    const revs = await revisions(id);
    expect(revs).toHaveLength(3);
    expect(
      revs
        .slice(1)
        .map((r) => r.source)
        .sort(),
    ).toEqual([...texts].sort());
    expect(texts).toContain((await summaryRow(id)).source);
    expect((await summaryRow(id)).source).toBe(revs[2]?.source);
  });
});

describe("deleting and restoring", () => {
  it("a deleted summary leaves the paper page, home, profile and permalink; the author can restore it", async () => {
    const { paper, acct, client, id } = await authorWithSummary("deleteme");
    const anon = createClient(t);
    expect(await (await anon.get(paperPath(paper))).text()).toContain("deleteme");
    expect(await (await anon.get("/recent")).text()).toContain("deleteme");

    const mine = await (await client.get(`/summary/${id}`)).text();
    for (const href of [
      `${paperPath(paper)}/write`,
      `/summary/${id}/history`,
      `/summary/${id}/delete`,
    ]) {
      expect(mine).toContain(`href="${href}"`);
    }
    const confirm = await client.get(`/summary/${id}/delete`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain(`${SUMMARY_RESTORE_DAYS} days`);
    const del = await client.post(`/summary/${id}/delete`, {});
    expect(del.status).toBe(303);
    expect(del.headers.get("Location")).toBe(`${paperPath(paper)}#your-summary`);
    const back = await (await client.get(paperPath(paper))).text();
    expect(back).toContain("It can be restored");
    expect(back).toContain(`action="/summary/${id}/restore"`);
    expect(back).not.toContain("deleteme");

    expect(await (await anon.get(paperPath(paper))).text()).not.toContain("deleteme");
    expect(await (await anon.get(paperPath(paper))).text()).toContain("No summaries yet");
    expect(await (await anon.get("/recent")).text()).not.toContain("deleteme");
    expect(await (await anon.get(`/user/${acct.username}`)).text()).toContain(
      "No public summaries",
    );
    expect((await anon.get(`/summary/${id}`)).status).toBe(404);
    const { client: other } = await logInNewAccount(t);
    expect((await other.get(`/summary/${id}`)).status).toBe(404);
    // The author gets a page that says so, with Restore.
    const own = await client.get(`/summary/${id}`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain(`action="/summary/${id}/restore"`);

    const restored = await client.post(`/summary/${id}/restore`, {});
    expect(restored.status).toBe(303);
    expect(await (await anon.get(paperPath(paper))).text()).toContain("deleteme");
    expect((await anon.get(`/summary/${id}`)).status).toBe(200);
  });

  it("restoring after the window is refused; the purge then deletes it for good", async () => {
    const { client, id } = await authorWithSummary("tooold");
    await press(client, `/summary/${id}/delete`, `/summary/${id}/delete`);
    const old = daysAgoIso(SUMMARY_RESTORE_DAYS + 1);
    await t.db.updateTable("summaries").set({ deleted_at: old }).where("id", "=", id).execute();
    const res = await client.post(`/summary/${id}/restore`, {});
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("can no longer be restored");
    expect((await summaryRow(id)).deleted_at).toBe(old);

    const recent = await authorWithSummary("recentdelete");
    await press(recent.client, `/summary/${recent.id}/delete`, `/summary/${recent.id}/delete`);
    expect(await purgeDeletedSummaries(t.db)).toBeGreaterThanOrEqual(1);
    expect(await t.db.selectFrom("summaries").select("id").where("id", "=", id).execute()).toEqual(
      [],
    );
    expect(await revisions(id)).toEqual([]);
    expect((await summaryRow(recent.id)).deleted_at).not.toBeNull();
  });

  it("writing again over a deleted summary offers Restore, and publishing replaces it", async () => {
    const { paper, client, id } = await authorWithSummary("rewrite");
    await press(client, `/summary/${id}/delete`, `/summary/${id}/delete`);
    const editor = await (await client.get(`${paperPath(paper)}/write`)).text();
    expect(editor).toContain(`action="/summary/${id}/restore"`);
    expect(editor).toContain("deletes the old one for good");
    expect((await publishSummary(client, paper, text("rewritten"))).status).toBe(303);
    const rows = await t.db
      .selectFrom("summaries")
      .selectAll()
      .where("paper_id", "=", paper.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).not.toBe(id);
    expect(rows[0]?.deleted_at).toBeNull();
  });

  it("others can neither delete nor restore; an admin can restore, not delete (admins hide)", async () => {
    const { id, client: author } = await authorWithSummary("notyours");
    const priv = await authorWithSummary("notyoursprivate", { private: "1" });
    const { client: other } = await logInNewAccount(t);
    await other.get("/");
    expect((await other.post(`/summary/${id}/delete`, {})).status).toBe(403);
    expect((await other.get(`/summary/${id}/delete`)).status).toBe(403);
    expect((await other.post(`/summary/${priv.id}/delete`, {})).status).toBe(404);
    expect((await other.post(`/summary/${priv.id}/share-link`, {})).status).toBe(404);
    expect((await summaryRow(id)).deleted_at).toBeNull();

    const { acct: adminAcct, client: admin } = await logInNewAccount(t);
    await t.db.updateTable("users").set({ role: "admin" }).where("id", "=", adminAcct.id).execute();
    expect((await admin.get(`/summary/${id}/delete`)).status).toBe(403);
    expect((await admin.post(`/summary/${id}/delete`, {})).status).toBe(403);
    expect((await summaryRow(id)).deleted_at).toBeNull();
    // The author deletes it; an admin may bring it back (within the 30 days), others not.
    await author.get(`/summary/${id}/delete`);
    expect((await author.post(`/summary/${id}/delete`, {})).status).toBe(303);
    expect((await summaryRow(id)).deleted_at).not.toBeNull();
    expect((await other.post(`/summary/${id}/restore`, {})).status).toBe(404);
    expect((await admin.post(`/summary/${id}/restore`, {})).status).toBe(303);
    expect((await summaryRow(id)).deleted_at).toBeNull();
  });

  it("limits the word diffs one client may have computed (each may hold the event loop)", async () => {
    const { client, id, paper } = await authorWithSummary("difflimit");
    expect((await publishSummary(client, paper, text("difflimit, edited"))).status).toBe(303);
    const { max } = RATE_LIMITS.revisionDiffPerIp;
    // Logged in: no cached page answers; every request computes the diff of the latest change.
    const statuses: number[] = [];
    for (let i = 0; i < max + 1; i++) {
      statuses.push((await client.get(`/summary/${id}/history`)).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(max);
    expect(statuses[max]).toBe(429);
  });

  it("delete and restore at once leave one consistent state", async () => {
    const { client, id } = await authorWithSummary("race");
    await client.get(`/summary/${id}/delete`);
    for (let round = 0; round < 3; round++) {
      const statuses = await Promise.all([
        client.post(`/summary/${id}/delete`, {}).then((r) => r.status),
        client.post(`/summary/${id}/restore`, {}).then((r) => r.status),
      ]);
      expect(statuses).toEqual([303, 303]);
      const row = await summaryRow(id);
      const listed = await t.db
        .selectFrom("summaries")
        .select("id")
        .where("id", "=", id)
        .where("deleted_at", "is", null)
        .execute();
      expect(listed.length).toBe(row.deleted_at === null ? 1 : 0);
      const page = await createClient(t).get(`/summary/${id}`);
      expect(page.status).toBe(row.deleted_at === null ? 200 : 404);
    }
  });
});

describe("history", () => {
  it("lists revisions, diffs two word by word, and restores an older one as a new revision", async () => {
    const paper = await makePaper(t.db);
    const { client } = await logInNewAccount(t);
    const first = `The quick brown fox jumps over the lazy dog.${PAD}`;
    const second = `The quick red fox leaps over the lazy dog.${PAD}`;
    await publishSummary(client, paper, first);
    await publishSummary(client, paper, second);
    const row = await t.db
      .selectFrom("summaries")
      .selectAll()
      .where("paper_id", "=", paper.id)
      .executeTakeFirstOrThrow();
    const revs = await revisions(row.id);
    expect(revs).toHaveLength(2);

    const html = await (await createClient(t).get(`/summary/${row.id}/history`)).text();
    const ins = [...html.matchAll(/<ins>[\s\S]*?<\/ins>/g)].map((m) => m[0]);
    const del = [...html.matchAll(/<del>[\s\S]*?<\/del>/g)].map((m) => m[0]);
    // Legend first, then the diff's own marks.
    expect(ins.slice(1).join(" ")).toMatch(/red[\s\S]*leaps/);
    expect(del.slice(1).join(" ")).toMatch(/brown[\s\S]*jumps/);
    expect(html).toContain("[added: </span>");
    expect(html).not.toContain("/history/"); // no Restore forms for readers

    // The same pair asked the other way round, and bad parameters.
    const [r1, r2] = revs;
    const swapped = await createClient(t).get(
      `/summary/${row.id}/history?from=${r2?.id}&to=${r1?.id}`,
    );
    expect(swapped.status).toBe(200);
    for (const q of [`from=${r1?.id}`, "from=x&to=1", `from=${r1?.id}&to=999999`]) {
      expect((await createClient(t).get(`/summary/${row.id}/history?${q}`)).status).toBe(400);
    }

    const own = await (await client.get(`/summary/${row.id}/history`)).text();
    expect(own).toContain(`action="/summary/${row.id}/history/${r1?.id}/restore"`);
    const restore = await client.post(`/summary/${row.id}/history/${r1?.id}/restore`, {});
    expect(restore.status).toBe(303);
    const after = await revisions(row.id);
    expect(after).toHaveLength(3);
    expect(after[2]?.source).toBe(first);
    expect((await summaryRow(row.id)).source).toBe(first);
    expect((await summaryRow(row.id)).html).toContain("jumps");

    // Someone else cannot restore it.
    const { client: other } = await logInNewAccount(t);
    await other.get("/");
    expect((await other.post(`/summary/${row.id}/history/${r2?.id}/restore`, {})).status).toBe(404);
  });

  it("private and anonymous summaries' histories are their author's only", async () => {
    const priv = await authorWithSummary("histprivate", { private: "1" });
    const anon = await authorWithSummary("histanon", { anonymous: "1" });
    const { client: other } = await logInNewAccount(t);
    for (const id of [priv.id, anon.id]) {
      expect((await createClient(t).get(`/summary/${id}/history`)).status).toBe(404);
      expect((await other.get(`/summary/${id}/history`)).status).toBe(404);
    }
    expect((await priv.client.get(`/summary/${priv.id}/history`)).status).toBe(200);
    expect((await anon.client.get(`/summary/${anon.id}/history`)).status).toBe(200);
  });
});

describe("the diff's time bound", () => {
  /** About SUMMARY_MAX_BYTES of words no two texts share in order: the diff's worst case. */
  const bigText = (seed: number) =>
    Array.from({ length: 16_000 }, (_, i) => `w${(i * 7919 + seed * 104_729) % 5_003}`)
      .join(" ")
      .slice(0, SUMMARY_MAX_BYTES);

  it("two unrelated full-size revisions: refused within the bound, and at once when asked again", async () => {
    const { id } = await authorWithSummary("bigdiff");
    const at = new Date().toISOString();
    await t.db
      .insertInto("summary_revisions")
      .values([
        { summary_id: id, source: bigText(1), paper_version: null, created_at: at },
        { summary_id: id, source: bigText(2), paper_version: null, created_at: at },
      ])
      .execute();
    const [newest, previous] = (await revisions(id)).reverse();
    const path = `/summary/${id}/history?from=${previous?.id}&to=${newest?.id}`;
    // How long either takes is the bench's business; here: the diff gives up rather than
    // running on, and the page says so, again when asked again.
    const html = await (await createClient(t).get(path)).text();
    expect(html).toContain("differ too much to compare word by word");
    const again = await (await createClient(t).get(path)).text();
    expect(again).toContain("differ too much to compare word by word");
  });

  it("an edit of a full-size summary diffs well within the bound", () => {
    const a = bigText(3);
    const b = `${a.slice(0, 30_000)} a new sentence here ${a.slice(31_000)}`;
    const parts = wordDiff(a, b);
    expect(parts).not.toBeNull();
    expect(
      parts
        ?.filter((p) => p.kind === "ins")
        .map((p) => p.text)
        .join(""),
    ).toContain("new sentence");
  });
});

describe("private summaries", () => {
  it("saving stays on the paper page with the absolute secret link; a new link kills the old", async () => {
    const paper = await makePaper(t.db);
    const { client } = await logInNewAccount(t);
    const res = await publishSummary(client, paper, text("secretive"), { private: "1" });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`${paperPath(paper)}?saved=private#your-summary`);
    const row = await t.db
      .selectFrom("summaries")
      .selectAll()
      .where("paper_id", "=", paper.id)
      .executeTakeFirstOrThrow();
    const page = await (await client.get(`${paperPath(paper)}?saved=private`)).text();
    expect(page).toContain("Saved.");
    expect(page).toContain(`value="http://localhost/shared/${row.share_token}"`);
    expect(page).toMatch(/<input[^>]*readonly/);
    expect(page).toContain("/assets/copy-link.js");

    const regen = await client.post(`/summary/${row.id}/share-link`, {});
    expect(regen.status).toBe(303);
    const token = (await summaryRow(row.id)).share_token;
    expect(token).not.toBe(row.share_token);
    expect((await createClient(t).get(`/shared/${row.share_token}`)).status).toBe(404);
    expect((await createClient(t).get(`/shared/${token}`)).status).toBe(200);
  });

  it("the shared page has no dead links", async () => {
    const { shareToken } = await authorWithSummary("sharedlinks", { private: "1" });
    const reader = createClient(t);
    const html = await (await reader.get(`/shared/${shareToken}`)).text();
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)]
      .map((m) => (m[1] ?? "").replaceAll("&amp;", "&"))
      .filter((h) => h.startsWith("/") && !h.startsWith("//"));
    expect(hrefs.length).toBeGreaterThan(3);
    for (const href of new Set(hrefs)) {
      const res = await reader.get(href.split("#")[0] ?? href);
      expect([200, 301, 302, 303], href).toContain(res.status);
    }
    expect(html).not.toContain("comment");
  });

  it("the owner's 'Private and anonymous' tab: theirs, deleted ones with Restore; 404 for anyone else", async () => {
    const paperA = await makePaper(t.db);
    const paperB = await makePaper(t.db);
    const paperC = await makePaper(t.db);
    const { acct, client } = await logInNewAccount(t);
    await publishSummary(client, paperA, text("tabprivate"), { private: "1" });
    await publishSummary(client, paperB, text("tabanonymous"), { anonymous: "1" });
    await publishSummary(client, paperC, text("tabdeleted"));
    const deleted = await t.db
      .selectFrom("summaries")
      .select("id")
      .where("paper_id", "=", paperC.id)
      .executeTakeFirstOrThrow();
    await press(client, `/summary/${deleted.id}/delete`, `/summary/${deleted.id}/delete`);
    const tab = `/user/${acct.username}/private`;
    const res = await client.get(tab);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("tabprivate");
    expect(html).toContain("tabanonymous");
    expect(html).toContain(`action="/summary/${deleted.id}/restore"`);
    expect(await (await client.get(`/user/${acct.username}`)).text()).toContain(`href="${tab}"`);

    expect((await createClient(t).get(tab)).status).toBe(404);
    const { client: other } = await logInNewAccount(t);
    expect((await other.get(tab)).status).toBe(404);
    expect(await (await other.get(`/user/${acct.username}`)).text()).not.toContain(tab);
  });
});

describe("the new pages are valid HTML5", () => {
  const validator = new HtmlValidate({
    extends: ["html-validate:standard"],
    rules: { "no-inline-style": "off", "unrecognized-char-ref": "off" },
  });
  it("history, delete confirmation, deleted page, private tab, paper page with a private summary", async () => {
    const { paper, acct, client, id } = await authorWithSummary("validhtml", { private: "1" });
    await publishSummary(client, paper, text("validhtml again"), { private: "1" });
    const second = await authorWithSummary("validdeleted");
    await press(second.client, `/summary/${second.id}/delete`, `/summary/${second.id}/delete`);
    const pages: [TestClient, string][] = [
      [client, `/summary/${id}/history`],
      [client, `/summary/${id}/delete`],
      [client, `${paperPath(paper)}?saved=private`],
      [client, `/user/${acct.username}/private`],
      [second.client, `/summary/${second.id}`],
      [second.client, `${paperPath(second.paper)}/write`],
    ];
    for (const [who, path] of pages) {
      const res = await who.get(path);
      expect(res.status, path).toBe(200);
      const report = await validator.validateString(await res.text());
      const messages = report.results.flatMap((r) =>
        r.messages.map((m) => `${path} ${m.ruleId}: ${m.message}`),
      );
      expect(messages).toEqual([]);
    }
  });
});
