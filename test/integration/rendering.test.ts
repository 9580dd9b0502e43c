import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rerenderAll } from "../../src/maintenance/rerender.service";
import { RENDERER_VERSION } from "../../src/render";
import { createSummary, saveSummary } from "../../src/summaries/summary-write.service";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe("stored rendering", () => {
  it("stores HTML and the renderer version when a summary is saved", async () => {
    const user = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const id = await makeSummary(t.db, paper.id, user.id, { source: "Energy $E = mc^2$." });
    const row = await t.db
      .selectFrom("summaries")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.renderer_version).toBe(RENDERER_VERSION);
    expect(row.html).toContain('class="katex"');
    expect(row.math_count).toBe(1);
    expect(row.math_errors).toBe(0);
    const revisions = await t.db
      .selectFrom("summary_revisions")
      .selectAll()
      .where("summary_id", "=", id)
      .execute();
    expect(revisions.map((r) => r.source)).toEqual(["Energy $E = mc^2$."]);
  });

  it("pages show the stored HTML and never render Markdown per request", async () => {
    const user = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const id = await makeSummary(t.db, paper.id, user.id, { source: "Original *text*." });
    await t.db
      .updateTable("summaries")
      .set({ source: "Changed **source**." })
      .where("id", "=", id)
      .execute();
    const html = await t.html(`/summary/${id}`);
    expect(html).toContain("<em>text</em>");
    expect(html).not.toContain("Changed");
  });

  it("rerender redoes rows stored by an older renderer, and only those", async () => {
    const user = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const id = await makeSummary(t.db, paper.id, user.id, { source: "Stale *one* $x$." });
    await t.db
      .updateTable("summaries")
      .set({ html: "<p>old renderer output</p>", renderer_version: RENDERER_VERSION - 1 })
      .where("id", "=", id)
      .execute();
    const report = await rerenderAll(t.db, t.render);
    expect(report.summaries).toBe(1);
    expect(report.failed).toEqual([]);
    const row = await t.db
      .selectFrom("summaries")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.renderer_version).toBe(RENDERER_VERSION);
    expect(row.html).toContain("<em>one</em>");
    expect((await t.html(`/summary/${id}`)).includes("old renderer output")).toBe(false);
    expect((await rerenderAll(t.db, t.render)).summaries).toBe(0);
  });

  it("rerender never stores HTML of a source the author edited while it rendered", async () => {
    const user = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const id = await makeSummary(t.db, paper.id, user.id, { source: "Before the *edit*." });
    await t.db
      .updateTable("summaries")
      .set({ renderer_version: RENDERER_VERSION - 1 })
      .where("id", "=", id)
      .execute();
    const author = {
      id: user.id,
      username: user.username,
      displayName: user.username,
      role: "user" as const,
      emailVerified: true,
      sessionId: 0,
      csrfToken: "",
    };
    // The author saves a new revision while rerender is typesetting the old source (the editor
    // publishes 200 characters or more).
    const AFTER = `After the **edit**.${" Padded to the editor's minimum length.".repeat(6)}`;
    const editingRender: typeof t.render = async (source) => {
      const out = await t.render(source);
      if (source === "Before the *edit*.") {
        await saveSummary(t.db, t.render, author, {
          paperId: paper.id,
          source: AFTER,
          isPrivate: false,
          isAnonymous: false,
        });
      }
      return out;
    };
    const report = await rerenderAll(t.db, editingRender);
    expect(report.summaries).toBe(0);
    const row = await t.db
      .selectFrom("summaries")
      .select(["source", "html"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.source).toBe(AFTER);
    expect(row.html).toContain("<strong>edit</strong>");
    expect(row.html).not.toContain("<em>edit</em>");
  });

  it("refuses an oversized summary and stores nothing", async () => {
    const user = await makeUser(t.db);
    const paper = await makePaper(t.db);
    await expect(
      createSummary(t.db, t.render, {
        paperId: paper.id,
        userId: user.id,
        source: "x".repeat(100_001),
        isPrivate: false,
        isAnonymous: false,
        paperVersion: null,
      }),
    ).rejects.toMatchObject({ code: "too_large" });
    const rows = await t.db
      .selectFrom("summaries")
      .select("id")
      .where("paper_id", "=", paper.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it("refuses a second summary of the same paper by the same user", async () => {
    const user = await makeUser(t.db);
    const paper = await makePaper(t.db);
    await makeSummary(t.db, paper.id, user.id);
    await expect(makeSummary(t.db, paper.id, user.id)).rejects.toMatchObject({ code: "conflict" });
  });
});
