import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { addComment } from "../../src/comments/comments.service";
import { startMailQueueWorker } from "../../src/notifications/mail-queue-worker";
import { createNotifier } from "../../src/notifications/notifications.service";
import { unsubscribeToken } from "../../src/notifications/unsubscribe.service";
import { voteOnSummary } from "../../src/votes/votes.service";
import type { TestClient } from "../helpers/client";
import { makePaper, makeSummary } from "../helpers/factories";
import { sessionClient } from "../helpers/sessions";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { createTestApp, type TestApp } from "../helpers/test-app";

// A clock that moves a second at each nowIso() call, only where a test turns it on.
const clock = vi.hoisted(() => ({ stepping: false, calls: 0 }));
vi.mock("../../src/core/time", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/core/time")>();
  return {
    ...real,
    nowIso: () =>
      clock.stepping ? new Date(Date.now() + ++clock.calls * 1_000).toISOString() : real.nowIso(),
  };
});

// Issue 10, point 6: who is notified of a comment or a vote, by mail and in the site; the
// one-click unsubscribe link; the header's unread count, which no cached page may hold.

let t: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

type Account = Awaited<ReturnType<typeof sessionClient>>;

const comment = (c: TestClient, summaryId: number, source: string) =>
  c.post(`/summary/${summaryId}/comments`, { source });

const notificationsOf = (userId: number) =>
  t.db
    .selectFrom("notifications")
    .select(["kind", "comment_id", "summary_id", "count", "read_at", "actor_id"])
    .where("user_id", "=", userId)
    .orderBy("id")
    .execute();

const queuedTo = (address: string) =>
  t.db.selectFrom("mail_queue").selectAll().where("to_address", "=", address).execute();

const commentMailOf = async (userId: number) =>
  (
    await t.db
      .selectFrom("users")
      .select("notify_comments")
      .where("id", "=", userId)
      .executeTakeFirstOrThrow()
  ).notify_comments;

async function deliver() {
  const worker = startMailQueueWorker({
    db: t.db,
    mailer: t.deps.mailer,
    logger: t.deps.logger,
    timer: false,
  });
  const report = await worker.tick();
  await worker.stop();
  return report;
}

/** A header of a received mail, unfolded. */
const header = (raw: string, name: string) =>
  new RegExp(`^${name}: (.*)$`, "mi").exec(raw.replace(/\r?\n[ \t]+/g, " "))?.[1] ?? null;

/** Raw requests as a mail client sends them: no cookie, no form token, no Origin. */
const mailClientPost = (token: string) =>
  t.fetch(
    new Request(`http://localhost/unsubscribe?token=${encodeURIComponent(token)}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    }),
  );

const idOfComment = (res: Response) =>
  Number(/#comment-(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);

describe("a comment", () => {
  let author: Account;
  let early: Account;
  let quiet: Account;
  let commenter: Account;
  let summaryId: number;
  let commentId: number;

  beforeAll(async () => {
    [author, early, quiet, commenter] = await Promise.all([
      sessionClient(t),
      sessionClient(t),
      sessionClient(t),
      sessionClient(t),
    ]);
    const paper = await makePaper(t.db, { title: "Attention Is All You Need" });
    summaryId = await makeSummary(t.db, paper.id, author.account.id);
    await t.db
      .updateTable("users")
      .set({ notify_comments: 0 })
      .where("id", "=", quiet.account.id)
      .execute();
    // Earlier comments: the author's own, two by `early`, one by `quiet`.
    for (const who of [author, early, early, quiet]) {
      expect((await comment(who.client, summaryId, "An earlier comment.")).status).toBe(303);
    }
    const res = await comment(commenter.client, summaryId, "A question about $QK^T$ scaling.");
    expect(res.status).toBe(303);
    commentId = idOfComment(res);
  });

  it("tells the author and each earlier commenter once, never the commenter", async () => {
    const about = (rows: Awaited<ReturnType<typeof notificationsOf>>) =>
      rows.filter((r) => r.comment_id === commentId).map((r) => r.kind);
    expect(about(await notificationsOf(author.account.id))).toEqual(["comment"]);
    expect(about(await notificationsOf(early.account.id))).toEqual(["reply"]);
    // The setting is about mail: the site still tells them.
    expect(about(await notificationsOf(quiet.account.id))).toEqual(["reply"]);
    expect(about(await notificationsOf(commenter.account.id))).toEqual([]);
  });

  it("mails those whose setting is on, once each, with RFC 8058 unsubscribe headers", async () => {
    const link = `/summary/${summaryId}#comment-${commentId}`;
    const mailsAbout = async (address: string) =>
      (await queuedTo(address)).filter((m) => m.body.includes(link));
    expect(await mailsAbout(author.account.email)).toHaveLength(1);
    expect(await mailsAbout(early.account.email)).toHaveLength(1);
    expect(await mailsAbout(quiet.account.email)).toHaveLength(0);
    expect(await mailsAbout(commenter.account.email)).toHaveLength(0);

    await deliver();
    const received = smtp.mails.filter((m) => m.text.includes(link));
    expect(received.map((m) => m.to[0]).sort()).toEqual(
      [author.account.email, early.account.email].sort(),
    );
    for (const mail of received) {
      expect(mail.text).toContain("A question about $QK^T$ scaling.");
      const unsubscribe = header(mail.raw, "List-Unsubscribe");
      expect(unsubscribe).toMatch(/^<http:\/\/localhost\/unsubscribe\?token=[^>]+>$/);
      expect(header(mail.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      // The same link is in the text for people.
      expect(mail.text).toContain(unsubscribe?.slice(1, -1));
    }
    // Encoded words (the title's quotes are not ASCII): spaces come as "_".
    expect(received.find((m) => m.to[0] === author.account.email)?.subject).toMatch(
      /New.comment.on.your.summary/,
    );
  });

  it("unsubscribes with one click, without login or form token, and refuses forged links", async () => {
    const mail = smtp.mails.find(
      (m) => m.to[0] === author.account.email && m.text.includes(`#comment-${commentId}`),
    );
    const link = header(mail?.raw ?? "", "List-Unsubscribe")?.slice(1, -1) ?? "";
    const token = new URL(link).searchParams.get("token") ?? "";
    const [id, signature = ""] = token.split(".");
    expect(Number(id)).toBe(author.account.id);

    // GET only asks.
    const page = await t.get(`/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toContain("no-store");
    expect(await page.text()).toContain('method="post"');
    expect(await commentMailOf(author.account.id)).toBe(1);

    const flipped = `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
    const forged = [
      `${id}.${flipped}`,
      `${early.account.id}.${signature}`,
      `${id}.${signature}x`,
      `${id}${signature}`,
      `0.${signature}`,
      "x".repeat(65),
      "",
    ];
    for (const bad of forged) {
      const get = await t.get(`/unsubscribe?token=${encodeURIComponent(bad)}`);
      expect(get.status, bad).toBe(400);
      expect(await get.text()).toContain("This unsubscribe link is not valid");
      expect((await mailClientPost(bad)).status, bad).toBe(400);
    }
    const json = await t.fetch(
      new Request(`http://localhost/unsubscribe?token=${flipped}`, {
        method: "POST",
        headers: { Accept: "application/json" },
      }),
    );
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe("invalid");
    expect(await commentMailOf(author.account.id)).toBe(1);
    expect(await commentMailOf(early.account.id)).toBe(1);

    // Mail clients POST it as they please, several at once: the setting goes off, once.
    const posts = await Promise.all(Array.from({ length: 5 }, () => mailClientPost(token)));
    expect(posts.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await commentMailOf(author.account.id)).toBe(0);
    expect(await commentMailOf(early.account.id)).toBe(1);

    // Next comment: the author is still told in the site, but no longer mailed.
    const res = await comment(commenter.client, summaryId, "One more thought.");
    const next = idOfComment(res);
    expect(
      (await notificationsOf(author.account.id)).filter((r) => r.comment_id === next),
    ).toHaveLength(1);
    const mails = await queuedTo(author.account.email);
    expect(mails.filter((m) => m.body.includes(`#comment-${next}`))).toHaveLength(0);
  });

  it("drops a queued mail whose recipient unsubscribed before it was sent", async () => {
    const res = await comment(commenter.client, summaryId, "Queued, then unwanted.");
    const link = `#comment-${idOfComment(res)}`;
    const queued = (await queuedTo(early.account.email)).filter((m) => m.body.includes(link));
    expect(queued.map((m) => m.status)).toEqual(["queued"]);
    const token = await unsubscribeToken(t.db, early.account.id);
    expect((await mailClientPost(token)).status).toBe(200);
    const report = await deliver();
    expect(report.dropped).toBeGreaterThanOrEqual(1);
    const after = (await queuedTo(early.account.email)).filter((m) => m.body.includes(link));
    expect(after.map((m) => m.status)).toEqual(["dropped"]);
    expect(smtp.mails.filter((m) => m.text.includes(link))).toEqual([]);
  });

  it("drops a queued mail whose comment was hidden or deleted before it was sent", async () => {
    // A summary of its own, whose author still wants mail (the tests above unsubscribed theirs).
    const writer = await sessionClient(t);
    const paper = await makePaper(t.db);
    const own = await makeSummary(t.db, paper.id, writer.account.id);
    const hidden = idOfComment(await comment(commenter.client, own, "Spam, soon hidden."));
    const deleted = idOfComment(await comment(commenter.client, own, "Soon deleted."));
    const links = [`#comment-${hidden}`, `#comment-${deleted}`];
    const ours = async () =>
      (await queuedTo(writer.account.email)).filter((m) => links.some((l) => m.body.includes(l)));
    expect((await ours()).map((m) => m.status)).toEqual(["queued", "queued"]);
    await t.db
      .updateTable("comments")
      .set({ hidden_at: new Date().toISOString() })
      .where("id", "=", hidden)
      .execute();
    expect((await commenter.client.post(`/comment/${deleted}/delete`, {})).status).toBe(303);
    const report = await deliver();
    expect(report.dropped).toBeGreaterThanOrEqual(2);
    expect((await ours()).map((m) => m.status)).toEqual(["dropped", "dropped"]);
    expect(smtp.mails.filter((m) => links.some((l) => m.text.includes(l)))).toEqual([]);
  });

  it("keeps the CSRF check on every other form", async () => {
    const res = await t.fetch(
      new Request(`http://localhost/summary/${summaryId}/comments`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "source=Sneaky",
      }),
    );
    expect(res.status).toBe(403);
  });

  it("is told in the same transaction: a comment that rolls back leaves no notification or mail", async () => {
    const notifier = createNotifier({ baseUrl: "http://localhost" });
    const before = await t.db.selectFrom("mail_queue").select("id").execute();
    await expect(
      addComment(
        t.db,
        t.render,
        { summaryId, userId: commenter.account.id, source: "Rolled back." },
        async (trx, e) => {
          await notifier.commentAdded(trx, e);
          throw new Error("the write fails after notifying");
        },
      ),
    ).rejects.toThrow("the write fails");
    const rows = await t.db
      .selectFrom("comments")
      .select("id")
      .where("source", "=", "Rolled back.")
      .execute();
    expect(rows).toEqual([]);
    expect(await t.db.selectFrom("mail_queue").select("id").execute()).toEqual(before);
  });
});

describe("the notification list and the header's count", () => {
  it("shows the count only to its reader, lists, and marks read on visit", async () => {
    const author = await sessionClient(t);
    const others = await Promise.all([sessionClient(t), sessionClient(t)]);
    const paper = await makePaper(t.db, { title: "Deep Residual Learning" });
    const id = await makeSummary(t.db, paper.id, author.account.id);
    for (const o of others) expect((await comment(o.client, id, "Nice summary.")).status).toBe(303);

    const home = await author.client.get("/");
    expect(home.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await home.text()).toMatch(/Notifications <span class="badge">2<\/span>/);

    // Anonymous readers, twice (the second from the page cache): no count, no link.
    for (let i = 0; i < 2; i++) {
      const anon = await t.get("/");
      expect(await anon.text()).not.toContain("/notifications");
    }
    expect((await t.get("/notifications")).status).toBe(403);

    const list = await author.client.get("/notifications");
    expect(list.status).toBe(200);
    expect(list.headers.get("Cache-Control")).toBe("private, no-store");
    const html = await list.text();
    for (const o of others) {
      expect(html).toContain(`${o.account.username.replace("user_", "Researcher user_")}`);
    }
    expect(
      html.match(/commented on your summary of <cite>Deep Residual Learning<\/cite>/g),
    ).toHaveLength(2);
    expect(html).not.toMatch(/class="badge">2</);
    expect((await notificationsOf(author.account.id)).every((r) => r.read_at !== null)).toBe(true);
    expect(await (await author.client.get("/")).text()).not.toContain('class="badge"');
  });

  it("aggregates votes into one unread row per summary, also when they come at once", async () => {
    const author = await sessionClient(t);
    const voters = await Promise.all(Array.from({ length: 6 }, () => sessionClient(t)));
    const paper = await makePaper(t.db, { title: "Batch Normalization" });
    const id = await makeSummary(t.db, paper.id, author.account.id);
    const vote = (v: Account, value: string) => v.client.post(`/summary/${id}/vote`, { value });
    const statuses = await Promise.all(voters.map((v) => vote(v, "1")));
    expect(statuses.map((r) => r.status)).toEqual(voters.map(() => 303));
    // Changing or withdrawing a vote is not a new vote.
    expect((await vote(voters[0] as Account, "-1")).status).toBe(303);
    expect((await vote(voters[1] as Account, "0")).status).toBe(303);
    // A withdrawn vote takes itself back off the unread count; voting again adds it again.
    expect((await vote(voters[1] as Account, "1")).status).toBe(303);
    let rows = await notificationsOf(author.account.id);
    expect(rows.map((r) => [r.kind, r.count, r.read_at])).toEqual([["votes", 6, null]]);

    const html = await (await author.client.get("/notifications")).text();
    expect(html).toContain("6 new votes on your summary of <cite>Batch Normalization</cite>");
    // After reading, the next vote starts a new unread row (withdrawing a read vote changes
    // nothing unread).
    expect((await vote(voters[1] as Account, "0")).status).toBe(303);
    expect((await vote(voters[1] as Account, "1")).status).toBe(303);
    rows = await notificationsOf(author.account.id);
    expect(rows.map((r) => [r.count, r.read_at === null])).toEqual([
      [6, false],
      [1, true],
    ]);
  });
});

describe("withdrawn votes", () => {
  it("count as net new votes: up, withdraw, up is one vote, and a row at zero goes", async () => {
    const author = await sessionClient(t);
    const [a, b] = await Promise.all([sessionClient(t), sessionClient(t)]);
    const paper = await makePaper(t.db, { title: "Dropout" });
    const id = await makeSummary(t.db, paper.id, author.account.id);
    const vote = async (v: Account, value: string) =>
      expect((await v.client.post(`/summary/${id}/vote`, { value })).status).toBe(303);
    const unread = async () =>
      (await notificationsOf(author.account.id)).map((r) => [r.kind, r.count, r.read_at]);
    for (const value of ["1", "0", "1", "0", "1"]) await vote(a, value);
    expect(await unread()).toEqual([["votes", 1, null]]);
    await vote(b, "-1");
    expect(await unread()).toEqual([["votes", 2, null]]);
    await vote(a, "0");
    expect(await unread()).toEqual([["votes", 1, null]]);
    await vote(b, "0");
    expect(await unread()).toEqual([]);
  });
});

describe("one transaction's time", () => {
  afterEach(() => {
    clock.stepping = false;
  });

  it("is the same on the vote or comment row and in what the listener is told", async () => {
    const author = await makeUserAccount();
    const voter = await makeUserAccount();
    const paper = await makePaper(t.db, { title: "One Clock" });
    const id = await makeSummary(t.db, paper.id, author);
    const told: string[] = [];
    clock.stepping = true;
    await voteOnSummary(t.db, { summaryId: id, userId: voter, value: 1 }, async (_trx, e) => {
      told.push(e.at);
    });
    const commentId = await addComment(
      t.db,
      t.render,
      { summaryId: id, userId: voter, source: "Same time." },
      async (_trx, e) => {
        told.push(e.at);
      },
    );
    clock.stepping = false;
    const vote = await t.db
      .selectFrom("votes")
      .select("created_at")
      .where("summary_id", "=", id)
      .executeTakeFirstOrThrow();
    const row = await t.db
      .selectFrom("comments")
      .select("created_at")
      .where("id", "=", commentId)
      .executeTakeFirstOrThrow();
    expect(told).toEqual([vote.created_at, row.created_at]);
  });

  async function makeUserAccount() {
    return (await sessionClient(t)).account.id;
  }
});

describe("unsubscribe links", () => {
  it("are signed with the key stored in the database, for every recipient of a comment", async () => {
    const [author, reader, writer] = await Promise.all([
      sessionClient(t),
      sessionClient(t),
      sessionClient(t),
    ]);
    const paper = await makePaper(t.db, { title: "Stored Key" });
    const id = await makeSummary(t.db, paper.id, author.account.id);
    expect((await comment(reader.client, id, "First.")).status).toBe(303);
    expect((await comment(writer.client, id, "Second.")).status).toBe(303);
    const { value: key } = await t.db
      .selectFrom("server_secrets")
      .select("value")
      .where("name", "=", "unsubscribe-hmac-key")
      .executeTakeFirstOrThrow();
    const sign = (userId: number) =>
      `${userId}.${createHmac("sha256", key).update(`unsubscribe:comment-mail:${userId}`).digest("base64url")}`;
    for (const who of [author, reader]) {
      const [mail] = (await queuedTo(who.account.email as string)).filter((m) =>
        m.body.includes("Second."),
      );
      expect(mail?.headers).toContain(encodeURIComponent(sign(who.account.id)));
    }
  });
});

describe("parallel comments", () => {
  it("each tells everyone it should, once, and queues one mail per mailable recipient", async () => {
    const author = await sessionClient(t);
    const commenters = await Promise.all(Array.from({ length: 8 }, () => sessionClient(t)));
    const paper = await makePaper(t.db);
    const id = await makeSummary(t.db, paper.id, author.account.id);
    const results = await Promise.all(
      commenters.map((c, i) => comment(c.client, id, `Parallel comment ${i}.`)),
    );
    expect(results.map((r) => r.status)).toEqual(commenters.map(() => 303));
    const commentIds = results.map(idOfComment);

    const rows = await t.db
      .selectFrom("notifications")
      .select(["user_id", "kind", "comment_id", "actor_id"])
      .where("summary_id", "=", id)
      .execute();
    // The author: one "comment" per comment.
    const forAuthor = rows.filter((r) => r.user_id === author.account.id);
    expect(forAuthor.map((r) => r.kind)).toEqual(commentIds.map(() => "comment"));
    expect(new Set(forAuthor.map((r) => r.comment_id))).toEqual(new Set(commentIds));
    // Nobody about their own comment, and nobody twice about one comment.
    expect(rows.filter((r) => r.user_id === r.actor_id)).toEqual([]);
    const pairs = rows.map((r) => `${r.user_id}:${r.comment_id}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    // A reply only to someone whose comment came first.
    for (const r of rows.filter((x) => x.kind === "reply")) {
      const theirs = commentIds[commenters.findIndex((c) => c.account.id === r.user_id)] ?? 0;
      expect(theirs).toBeLessThan(r.comment_id ?? 0);
    }
    // Every notified person (all have mail on) has exactly one mail per notification.
    for (const person of [author, ...commenters]) {
      const told = rows.filter((r) => r.user_id === person.account.id).length;
      const mails = (await queuedTo(person.account.email)).filter((m) =>
        m.body.includes(`/summary/${id}#`),
      );
      expect(mails.length, person.account.username).toBe(told);
    }
  });
});
