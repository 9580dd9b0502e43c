import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATE_LIMITS } from "../../src/core/limits";
import { readContentVersion } from "../../src/db/content-version";
import { createClient, type TestClient } from "../helpers/client";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Issue 10, point 8: reports, the moderators' queue, hide/unhide, ban/unban and the audit log.
// (What hiding removes from the public pages: moderation-hidden.test.ts.)

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type Role = "user" | "moderator" | "admin";

async function clientWithRole(role: Role) {
  const { client, account } = await sessionClient(t);
  await t.db.updateTable("users").set({ role }).where("id", "=", account.id).execute();
  return { client, account };
}

async function publicSummary(source = `Reported text ${Math.random()}`) {
  const author = await makeUser(t.db);
  const title = `Paper ${Math.random()}`;
  const paper = await makePaper(t.db, { title });
  const id = await makeSummary(t.db, paper.id, author.id, { source });
  return { id, author, paper: { ...paper, title }, source };
}

const reportsOn = (kind: string, id: number) =>
  t.db
    .selectFrom("reports")
    .selectAll()
    .where("target_kind", "=", kind)
    .where("target_id", "=", id)
    .orderBy("id")
    .execute();

const logOn = (kind: string, id: number) =>
  t.db
    .selectFrom("moderation_log")
    .selectAll()
    .where("target_kind", "=", kind)
    .where("target_id", "=", id)
    .orderBy("id")
    .execute();

const hiddenAt = async (id: number) =>
  (
    await t.db
      .selectFrom("summaries")
      .select("hidden_at")
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).hidden_at;

/** Earlier tests' reports would push this test's target off the queue's first page. */
const clearQueue = () =>
  t.db
    .updateTable("reports")
    .set({ resolved_at: new Date().toISOString(), resolution: "test" })
    .where("resolved_at", "is", null)
    .execute();

const report = (c: TestClient, path: string, reason = "spam", details = "") =>
  c.post(path, { reason, details });

const act = (c: TestClient, kind: string, id: number, action: string) =>
  c.post(`/moderation/${kind}/${id}`, { action, back: "/moderation" });

describe("reporting", () => {
  it("sends a logged-out reader to log in first, and back", async () => {
    const s = await publicSummary();
    const res = await createClient(t).get(`/report/summary/${s.id}`);
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(
      `/login?next=${encodeURIComponent(`/report/summary/${s.id}`)}`,
    );
    const post = await createClient(t).post(`/report/summary/${s.id}`, { reason: "spam" });
    expect(post.status).toBe(403);
    expect(await reportsOn("summary", s.id)).toEqual([]);
  });

  it("shows what is reported, stores one open report per reporter and target, thanks each time", async () => {
    const s = await publicSummary("A summary that *copies* another one.");
    const { client, account } = await sessionClient(t);
    const page = await client.get(`/report/summary/${s.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toContain("no-store");
    const html = await page.text();
    expect(html).toContain(s.paper.title);
    expect(html).toContain("<em>copies</em>");
    expect(html).toContain('name="_csrf"');
    for (const reason of ["spam", "abuse", "plagiarism", "misleading", "other"]) {
      expect(html).toContain(`value="${reason}"`);
    }
    const first = await report(
      client,
      `/report/summary/${s.id}`,
      "plagiarism",
      "  Copied from X.  ",
    );
    expect(first.status).toBe(200);
    const thanks = await first.text();
    expect(thanks).toContain("Thank you");
    expect(thanks).toContain(`href="/summary/${s.id}"`);
    const again = await report(client, `/report/summary/${s.id}`, "spam");
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("Thank you");
    const rows = await reportsOn("summary", s.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      reporter_id: account.id,
      reason: "plagiarism\nCopied from X.",
      resolved_at: null,
    });
  });

  it("reports a comment and a person (by name); refuses one's own and what isn't there", async () => {
    const s = await publicSummary();
    const { client, account } = await sessionClient(t);
    const other = await sessionClient(t);
    await other.client.post(`/summary/${s.id}/comments`, { source: "A rude comment" });
    const comment = await t.db
      .selectFrom("comments")
      .select("id")
      .where("summary_id", "=", s.id)
      .executeTakeFirstOrThrow();
    const commentPage = await client.get(`/report/comment/${comment.id}`);
    expect(commentPage.status).toBe(200);
    expect(await commentPage.text()).toContain("A rude comment");
    expect((await report(client, `/report/comment/${comment.id}`, "abuse")).status).toBe(200);
    expect(await reportsOn("comment", comment.id)).toHaveLength(1);

    const userPage = await client.get(`/report/user/${other.account.username.toUpperCase()}`);
    expect(userPage.status).toBe(200);
    expect((await report(client, `/report/user/${other.account.username}`, "other")).status).toBe(
      200,
    );
    expect(await reportsOn("user", other.account.id)).toHaveLength(1);

    // One's own things: a clear 403, on the page and on the form.
    expect((await other.client.get(`/report/comment/${comment.id}`)).status).toBe(403);
    expect((await report(other.client, `/report/comment/${comment.id}`)).status).toBe(403);
    expect((await client.get(`/report/user/${account.username}`)).status).toBe(403);
    // Unknown, malformed, private: 404, never a stack trace.
    const priv = await makeSummary(t.db, s.paper.id, (await makeUser(t.db)).id, {
      isPrivate: true,
    });
    for (const path of [
      `/report/summary/${priv}`,
      "/report/summary/99999999",
      "/report/summary/abc",
      "/report/comment/0",
      "/report/user/nobody_here_at_all",
      "/report/paper/1",
    ]) {
      expect((await client.get(path)).status, path).toBe(404);
      expect((await report(client, path)).status, path).toBe(404);
    }
    expect(await reportsOn("summary", priv)).toEqual([]);
  });

  it("refuses a missing reason or over-long details with the form again (400)", async () => {
    const s = await publicSummary();
    const { client } = await sessionClient(t);
    await client.get(`/report/summary/${s.id}`);
    const noReason = await report(client, `/report/summary/${s.id}`, "", "words kept");
    expect(noReason.status).toBe(400);
    const html = await noReason.text();
    expect(html).toContain("Please pick a reason");
    expect(html).toContain("words kept");
    const long = await report(client, `/report/summary/${s.id}`, "spam", "x".repeat(1001));
    expect(long.status).toBe(400);
    expect(await reportsOn("summary", s.id)).toEqual([]);
  });

  it("parallel reports of one target by one reader leave one row", async () => {
    const s = await publicSummary();
    const { client } = await sessionClient(t);
    await client.get(`/report/summary/${s.id}`);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => report(client, `/report/summary/${s.id}`)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await reportsOn("summary", s.id)).toHaveLength(1);
  });

  it("is rate-limited per reporter, also under a burst", async () => {
    const { max } = RATE_LIMITS.reportPerUser;
    const targets = await Promise.all(Array.from({ length: max + 5 }, () => publicSummary()));
    const { client, account } = await sessionClient(t);
    await client.get(`/report/summary/${targets[0]?.id}`);
    const answers = await Promise.all(
      targets.map((s) => report(client, `/report/summary/${s.id}`)),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(max);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const limited = answers.find((r) => r.status === 429);
    expect(limited?.headers.get("Retry-After")).toMatch(/^\d+$/);
    const rows = await t.db
      .selectFrom("reports")
      .select("id")
      .where("reporter_id", "=", account.id)
      .execute();
    expect(rows).toHaveLength(max);
  });
});

describe("who may moderate", () => {
  it("is 404 to readers and anonymous visitors on every route, GET and POST", async () => {
    const s = await publicSummary();
    const reader = await clientWithRole("user");
    const anonymous = createClient(t);
    for (const c of [reader.client, anonymous]) {
      for (const path of ["/moderation", "/moderation/hidden", "/moderation/log?page=2"]) {
        expect((await c.get(path)).status, path).toBe(404);
      }
    }
    await reader.client.get("/settings");
    for (const [kind, id, action] of [
      ["summary", s.id, "hide"],
      ["user", s.author.id, "ban"],
      ["comment", 1, "dismiss"],
      ["nothing", 1, "hide"],
    ] as const) {
      expect((await act(reader.client, kind, id, action)).status).toBe(404);
    }
    expect(await hiddenAt(s.id)).toBeNull();
  });

  it("gives moderators the queue and the hidden tab but not the log; admins the log too", async () => {
    const mod = await clientWithRole("moderator");
    const admin = await clientWithRole("admin");
    expect((await mod.client.get("/moderation")).status).toBe(200);
    expect((await mod.client.get("/moderation/hidden")).status).toBe(200);
    expect((await mod.client.get("/moderation/log")).status).toBe(404);
    const log = await admin.client.get("/moderation/log");
    expect(log.status).toBe(200);
    expect(log.headers.get("Cache-Control")).toContain("no-store");
    // The header links moderators to the queue; readers never see the link.
    expect(await (await mod.client.get("/")).text()).toContain('href="/moderation"');
    const reader = await clientWithRole("user");
    expect(await (await reader.client.get("/")).text()).not.toContain('href="/moderation"');
    expect((await mod.client.get("/moderation?page=0")).status).toBe(400);
    expect((await mod.client.get("/moderation?page=999")).status).toBe(404);
  });

  it("needs the form token: a moderator's POST without it changes nothing", async () => {
    const s = await publicSummary();
    const mod = await clientWithRole("moderator");
    const res = await mod.client.post(`/moderation/summary/${s.id}`, { action: "hide", _csrf: "" });
    expect(res.status).toBe(403);
    expect(await hiddenAt(s.id)).toBeNull();
    expect(await logOn("summary", s.id)).toEqual([]);
  });

  it("refuses actions that don't fit the target (400) and unknown targets (404)", async () => {
    const s = await publicSummary();
    const mod = await clientWithRole("moderator");
    await mod.client.get("/moderation");
    expect((await act(mod.client, "summary", s.id, "ban")).status).toBe(400);
    expect((await act(mod.client, "user", s.author.id, "hide")).status).toBe(400);
    expect((await act(mod.client, "summary", 99999999, "hide")).status).toBe(404);
    expect((await act(mod.client, "summary", 0, "hide")).status).toBe(400);
    expect(await logOn("summary", s.id)).toEqual([]);
  });
});

describe("the queue", () => {
  it("groups open reports by target, and Hide resolves them all, logs once, and Unhide brings it back", async () => {
    await clearQueue();
    const s = await publicSummary("The summary under review");
    const a = await sessionClient(t);
    const b = await sessionClient(t);
    await report(a.client, `/report/summary/${s.id}`, "spam", "buy now");
    await report(b.client, `/report/summary/${s.id}`, "misleading");
    const mod = await clientWithRole("moderator");
    const queue = await (await mod.client.get("/moderation")).text();
    expect(queue).toContain(`2 reports on summary #${s.id}`);
    expect(queue).toContain("The summary under review");
    expect(queue).toContain("Spam or advertising");
    expect(queue).toContain("buy now");
    expect(queue).toContain("Wrong or misleading");

    const hide = await act(mod.client, "summary", s.id, "hide");
    expect(hide.status).toBe(303);
    expect(hide.headers.get("Location")).toBe("/moderation");
    expect(await hiddenAt(s.id)).not.toBeNull();
    const resolved = await reportsOn("summary", s.id);
    expect(resolved.map((r) => [r.resolution, r.resolved_by])).toEqual([
      ["hidden", mod.account.id],
      ["hidden", mod.account.id],
    ]);
    expect((await logOn("summary", s.id)).map((l) => [l.action, l.actor_id, l.note])).toEqual([
      ["hide", mod.account.id, "2 reports closed"],
    ]);
    expect(await (await mod.client.get("/moderation")).text()).not.toContain(`on summary #${s.id}`);
    // A hidden summary can't be reported (to readers it isn't there).
    expect((await a.client.get(`/report/summary/${s.id}`)).status).toBe(404);

    // Hiding again changes nothing and logs nothing.
    expect((await act(mod.client, "summary", s.id, "hide")).status).toBe(303);
    expect(await logOn("summary", s.id)).toHaveLength(1);

    const hiddenTab = await (await mod.client.get("/moderation/hidden")).text();
    expect(hiddenTab).toContain("The summary under review");
    expect(hiddenTab).toContain('value="unhide"');
    expect((await act(mod.client, "summary", s.id, "unhide")).status).toBe(303);
    expect(await hiddenAt(s.id)).toBeNull();
    expect((await logOn("summary", s.id)).map((l) => l.action)).toEqual(["hide", "unhide"]);
    expect(await (await mod.client.get("/moderation/hidden")).text()).not.toContain(
      "The summary under review",
    );
  });

  it("Dismiss closes the reports and changes nothing else; a second Dismiss logs nothing", async () => {
    const s = await publicSummary();
    const a = await sessionClient(t);
    await report(a.client, `/report/summary/${s.id}`, "other");
    const mod = await clientWithRole("moderator");
    await mod.client.get("/moderation");
    expect((await act(mod.client, "summary", s.id, "dismiss")).status).toBe(303);
    expect((await act(mod.client, "summary", s.id, "dismiss")).status).toBe(303);
    expect(await hiddenAt(s.id)).toBeNull();
    expect((await reportsOn("summary", s.id)).map((r) => r.resolution)).toEqual(["dismissed"]);
    expect((await logOn("summary", s.id)).map((l) => l.action)).toEqual(["dismiss"]);
    // A new report after that is a new open report.
    await report(a.client, `/report/summary/${s.id}`, "spam");
    expect((await reportsOn("summary", s.id)).map((r) => r.resolution)).toEqual([
      "dismissed",
      null,
    ]);
  });

  it("hides and unhides a comment", async () => {
    const s = await publicSummary();
    const writer = await sessionClient(t);
    await writer.client.post(`/summary/${s.id}/comments`, { source: "Comment to hide" });
    const { id } = await t.db
      .selectFrom("comments")
      .select("id")
      .where("summary_id", "=", s.id)
      .executeTakeFirstOrThrow();
    const mod = await clientWithRole("moderator");
    await mod.client.get("/moderation");
    expect((await act(mod.client, "comment", id, "hide")).status).toBe(303);
    const hidden = await (await mod.client.get("/moderation/hidden")).text();
    expect(hidden).toContain("Comment to hide");
    expect((await act(mod.client, "comment", id, "unhide")).status).toBe(303);
    expect((await logOn("comment", id)).map((l) => l.action)).toEqual(["hide", "unhide"]);
  });

  it("two moderators pressing at once: one outcome, one log row per change", async () => {
    const s = await publicSummary();
    const reporters = await Promise.all([sessionClient(t), sessionClient(t)]);
    for (const r of reporters) await report(r.client, `/report/summary/${s.id}`, "spam");
    const mods = await Promise.all([clientWithRole("moderator"), clientWithRole("admin")]);
    for (const m of mods) await m.client.get("/moderation");
    const answers = await Promise.all(
      mods.flatMap((m) => [0, 1, 2].map(() => act(m.client, "summary", s.id, "hide"))),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(303));
    expect(await hiddenAt(s.id)).not.toBeNull();
    const log = await logOn("summary", s.id);
    expect(log.map((l) => [l.action, l.note])).toEqual([["hide", "2 reports closed"]]);
    const reports = await reportsOn("summary", s.id);
    expect(reports.map((r) => r.resolved_by)).toEqual([log[0]?.actor_id, log[0]?.actor_id]);

    // Hide and Unhide racing: whatever wins, the log tells the final state.
    const s2 = await publicSummary();
    const race = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        act(
          (mods[i % 2] as (typeof mods)[number]).client,
          "summary",
          s2.id,
          i % 3 ? "hide" : "unhide",
        ),
      ),
    );
    expect(race.map((r) => r.status)).toEqual(Array(6).fill(303));
    const log2 = await logOn("summary", s2.id);
    const hidden = (await hiddenAt(s2.id)) !== null;
    expect(log2.at(-1)?.action ?? "unhide").toBe(hidden ? "hide" : "unhide");
    // Each logged change flips the state: never two "hide" in a row.
    for (let i = 1; i < log2.length; i++) {
      expect(log2[i]?.action).not.toBe(log2[i - 1]?.action);
    }
  });
});

describe("bans", () => {
  it("a ban ends the person's sessions and login; Unban lets them back; both are logged", async () => {
    await clearQueue();
    const target = await makeAccount(t.db);
    const person = createClient(t);
    expect(
      (
        await person.submit("/login", "/login", {
          login: target.username,
          password: target.password,
        })
      ).status,
    ).toBe(303);
    expect((await person.get("/settings")).status).toBe(200);
    const reporter = await sessionClient(t);
    await report(reporter.client, `/report/user/${target.username}`, "abuse");
    const mod = await clientWithRole("moderator");
    const queue = await (await mod.client.get("/moderation")).text();
    expect(queue).toContain(`1 report on user #${target.id}`);
    // A ban changes a public page (the /users leaderboard leaves banned people out): cached
    // pages must go, so the content version moves.
    const before = await readContentVersion(t.db);
    expect((await act(mod.client, "user", target.id, "ban")).status).toBe(303);
    expect(await readContentVersion(t.db)).toBeGreaterThan(before);

    const sessions = await t.db
      .selectFrom("sessions")
      .select("id")
      .where("user_id", "=", target.id)
      .execute();
    expect(sessions).toEqual([]);
    expect((await person.get("/settings")).status).not.toBe(200);
    // Can't write: the old session is gone, and a new login is refused.
    const s = await publicSummary();
    const write = await person.post(`/summary/${s.id}/comments`, { source: "still here?" });
    expect(write.status).toBe(403);
    const login = await createClient(t).submit("/login", "/login", {
      login: target.username,
      password: target.password,
    });
    expect(login.status).toBe(403);
    expect((await reportsOn("user", target.id)).map((r) => r.resolution)).toEqual(["banned"]);

    // Banning again logs nothing; Unban logs and lets them in.
    expect((await act(mod.client, "user", target.id, "ban")).status).toBe(303);
    expect((await act(mod.client, "user", target.id, "unban")).status).toBe(303);
    expect((await logOn("user", target.id)).map((l) => l.action)).toEqual(["ban", "unban"]);
    const again = await createClient(t).submit("/login", "/login", {
      login: target.username,
      password: target.password,
    });
    expect(again.status).toBe(303);
  });

  it("moderators can't ban moderators or admins; admins can; nobody bans themselves", async () => {
    const mod = await clientWithRole("moderator");
    const otherMod = await clientWithRole("moderator");
    const admin = await clientWithRole("admin");
    await mod.client.get("/moderation");
    await admin.client.get("/moderation");
    expect((await act(mod.client, "user", admin.account.id, "ban")).status).toBe(403);
    expect((await act(mod.client, "user", otherMod.account.id, "ban")).status).toBe(403);
    expect((await act(mod.client, "user", mod.account.id, "ban")).status).toBe(403);
    expect((await act(admin.client, "user", admin.account.id, "ban")).status).toBe(403);
    expect(await logOn("user", admin.account.id)).toEqual([]);
    expect((await act(admin.client, "user", otherMod.account.id, "ban")).status).toBe(303);
    expect((await logOn("user", otherMod.account.id)).map((l) => l.action)).toEqual(["ban"]);
  });
});

describe("the audit log", () => {
  it("lists who did what to which target, newest first, for admins only", async () => {
    const s = await publicSummary();
    const mod = await clientWithRole("moderator");
    await mod.client.get("/moderation");
    await act(mod.client, "summary", s.id, "hide");
    await act(mod.client, "summary", s.id, "unhide");
    const admin = await clientWithRole("admin");
    const html = await (await admin.client.get("/moderation/log")).text();
    const hideAt = html.indexOf(`summary #${s.id}`);
    expect(hideAt).toBeGreaterThan(-1);
    const row = html.slice(html.lastIndexOf("<tr>", hideAt), html.indexOf("</tr>", hideAt));
    // Newest first: the unhide row comes before the hide row.
    expect(row).toContain("unhide");
    expect(row).toContain(`/user/${mod.account.username}`);
    expect((await mod.client.get("/moderation/log")).status).toBe(404);
  });
});
