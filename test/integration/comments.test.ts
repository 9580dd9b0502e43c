import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMENT_MAX_BYTES, RATE_LIMITS } from "../../src/core/limits";
import { consumeRateLimit } from "../../src/ratelimit/rate-limit.service";
import { createClient, type TestClient } from "../helpers/client";
import { threadOf } from "../helpers/comment-thread";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Issue 10, point 5: replies one level deep, edit and delete your own, Preview on the server,
// a refused comment keeps its text, and readers who can't comment are told how to.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function summaryOnPaper() {
  const author = await makeUser(t.db);
  const paper = await makePaper(t.db);
  const summaryId = await makeSummary(t.db, paper.id, author.id);
  return { author, paper, summaryId, paperPath: `/paper/arxiv/${paper.arxiv}` };
}

/** Posts a comment (a reply with `parent`) and returns its id from the redirect. */
async function comment(client: TestClient, summaryId: number, source: string, parent?: number) {
  const fields: Record<string, string> = { source };
  if (parent) fields.parent = String(parent);
  const res = await client.post(`/summary/${summaryId}/comments`, fields);
  expect(res.status, await res.clone().text()).toBe(303);
  return Number(/#comment-(\d+)$/.exec(res.headers.get("Location") ?? "")?.[1]);
}

const row = (id: number) =>
  t.db.selectFrom("comments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

/** The text in the page's comment textarea (HTML-escaped as sent). */
const textareaOf = (html: string) =>
  /<textarea[^>]*name="source"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ??
  /<textarea id="kept-source"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1];

describe("comment threads", () => {
  it("nest replies one level: a reply to a reply goes under the top-level comment", async () => {
    const { summaryId, paperPath } = await summaryOnPaper();
    const { client } = await sessionClient(t);
    const top = await comment(client, summaryId, "Top-level remark.");
    const second = await comment(client, summaryId, "Another top-level remark.");
    const reply = await comment(client, summaryId, "A reply.", top);
    const replyToReply = await comment(client, summaryId, "A reply to the reply.", reply);
    expect((await row(reply)).parent_id).toBe(top);
    expect((await row(replyToReply)).parent_id).toBe(top);
    for (const path of [`/summary/${summaryId}`, paperPath]) {
      const thread = threadOf(await (await client.get(path)).text(), summaryId);
      expect(thread.title).toBe("4 comments");
      expect(thread.comments.map((c) => [c.id, c.replies.map((r) => r.id)])).toEqual([
        [top, [reply, replyToReply]],
        [second, []],
      ]);
    }
    // Reply forms sit under top-level comments only.
    const html = await (await client.get(`/summary/${summaryId}`)).text();
    expect(html).toContain(`name="parent" value="${top}"`);
    expect(html).not.toContain(`name="parent" value="${reply}"`);
    expect(html).toMatch(/<details class="comment-reply"><summary>Reply<\/summary>/);
  });

  it("refuse a reply to a comment of another summary, or to a missing one, keeping the text", async () => {
    const a = await summaryOnPaper();
    const b = await summaryOnPaper();
    const { client } = await sessionClient(t);
    const onB = await comment(client, b.summaryId, "On summary B.");
    for (const parent of [String(onB), "999999999", "x"]) {
      const res = await client.post(`/summary/${a.summaryId}/comments`, {
        source: "Misplaced reply &",
        parent,
      });
      expect(res.status).toBe(400);
      expect(textareaOf(await res.text())).toBe("Misplaced reply &amp;");
    }
    const onA = await t.db
      .selectFrom("comments")
      .select("id")
      .where("summary_id", "=", a.summaryId)
      .execute();
    expect(onA).toEqual([]);
  });

  it("tell the answered comment's author of a reply, as a reply", async () => {
    const { summaryId, author } = await summaryOnPaper();
    const { client: first, account: firstAcct } = await sessionClient(t);
    const { client: second } = await sessionClient(t);
    const top = await comment(first, summaryId, "First.");
    const reply = await comment(second, summaryId, "Answer.", top);
    const rows = await t.db
      .selectFrom("notifications")
      .select(["user_id", "kind"])
      .where("comment_id", "=", reply)
      .execute();
    expect(rows).toContainEqual({ user_id: firstAcct.id, kind: "reply" });
    expect(rows).toContainEqual({ user_id: author.id, kind: "comment" });
  });
});

describe("editing and deleting", () => {
  it("let the author edit: re-rendered with math, marked edited", async () => {
    const { summaryId } = await summaryOnPaper();
    const { client } = await sessionClient(t);
    const id = await comment(client, summaryId, "Before.");
    const form = await client.get(`/comment/${id}/edit`);
    expect(form.status).toBe(200);
    expect(form.headers.get("Cache-Control")).toContain("no-store");
    expect(textareaOf(await form.text())).toBe("Before.");
    const saved = await client.post(`/comment/${id}/edit`, { source: "After: $x^2$." });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`/summary/${summaryId}#comment-${id}`);
    const stored = await row(id);
    expect(stored.source).toBe("After: $x^2$.");
    expect(stored.html).toContain('class="katex"');
    expect(stored.edited_at).not.toBeNull();
    const page = await (await client.get(`/summary/${summaryId}`)).text();
    expect(page).toMatch(/class="comment-edited"> · edited <time/);
    expect(threadOf(page, summaryId).comments[0]?.text).toContain("After:");
  });

  it("refuse someone else's edit (404) and delete (403), an admin's too (they hide), changing nothing", async () => {
    const { summaryId } = await summaryOnPaper();
    const { client: owner } = await sessionClient(t);
    const { client: other, account: otherAcct } = await sessionClient(t);
    const id = await comment(owner, summaryId, "Mine.");
    expect((await other.get(`/comment/${id}/edit`)).status).toBe(404);
    expect((await createClient(t).get(`/comment/${id}/edit`)).status).toBe(404);
    await other.get(`/summary/${summaryId}`);
    expect((await other.post(`/comment/${id}/edit`, { source: "Theirs now." })).status).toBe(404);
    expect((await other.post(`/comment/${id}/delete`, {})).status).toBe(403);
    const unchanged = await row(id);
    expect([unchanged.source, unchanged.edited_at, unchanged.deleted_at]).toEqual([
      "Mine.",
      null,
      null,
    ]);
    await t.db.updateTable("users").set({ role: "admin" }).where("id", "=", otherAcct.id).execute();
    expect((await other.post(`/comment/${id}/delete`, {})).status).toBe(403);
    expect((await row(id)).deleted_at).toBeNull();
  });

  it("leave 'comment deleted' above replies, drop a comment without any, and count what shows", async () => {
    const { summaryId, paperPath } = await summaryOnPaper();
    const { client } = await sessionClient(t);
    const { client: replier } = await sessionClient(t);
    const withReplies = await comment(client, summaryId, "Secret words with replies.");
    const reply = await comment(replier, summaryId, "A reply.", withReplies);
    const alone = await comment(client, summaryId, "Alone.");
    await client.get(`/summary/${summaryId}`);
    for (const id of [withReplies, alone]) {
      const res = await client.post(`/comment/${id}/delete`, { next: paperPath });
      expect(res.status).toBe(303);
      expect(res.headers.get("Location")).toBe(`${paperPath}#comments-${summaryId}`);
    }
    const page = await (await client.get(`/summary/${summaryId}`)).text();
    const thread = threadOf(page, summaryId);
    expect(thread.title).toBe("1 comment");
    expect(thread.comments).toEqual([
      {
        id: withReplies,
        placeholder: true,
        text: expect.stringContaining("comment deleted"),
        replies: [{ id: reply, placeholder: false, text: "A reply.", replies: [] }],
      },
    ]);
    expect(page).not.toContain("Secret words");
    // The paper page's count (the summary's footer elsewhere) agrees.
    expect(threadOf(await (await client.get(paperPath)).text(), summaryId).title).toBe("1 comment");
    // The placeholder takes no replies.
    const refused = await replier.post(`/summary/${summaryId}/comments`, {
      source: "Too late.",
      parent: String(withReplies),
    });
    expect(refused.status).toBe(400);
    // Deleting the last reply removes the placeholder too.
    await replier.get(`/summary/${summaryId}`);
    expect((await replier.post(`/comment/${reply}/delete`, {})).status).toBe(303);
    const empty = threadOf(await (await client.get(`/summary/${summaryId}`)).text(), summaryId);
    expect(empty).toEqual({ title: "0 comments", comments: [] });
  });

  it("show Edit and Delete to the author, Report to other logged-in readers only", async () => {
    const { summaryId } = await summaryOnPaper();
    const { client: owner } = await sessionClient(t);
    const { client: other } = await sessionClient(t);
    const id = await comment(owner, summaryId, "Reportable.");
    const own = await (await owner.get(`/summary/${summaryId}`)).text();
    expect(own).toContain(`href="/comment/${id}/edit"`);
    expect(own).toContain(`action="/comment/${id}/delete"`);
    expect(own).not.toContain(`/report/comment/${id}`);
    const theirs = await (await other.get(`/summary/${summaryId}`)).text();
    expect(theirs).toContain(`href="/report/comment/${id}"`);
    expect(theirs).not.toContain(`/comment/${id}/edit`);
    expect(theirs).not.toContain(`action="/comment/${id}/delete"`);
    const anonymous = await (await createClient(t).get(`/summary/${summaryId}`)).text();
    expect(anonymous).not.toContain(`/report/comment/${id}`);
  });
});

describe("the comment form", () => {
  it("previews on the server: math typeset, the text kept, nothing stored", async () => {
    const { summaryId } = await summaryOnPaper();
    const { client } = await sessionClient(t);
    await client.get(`/summary/${summaryId}`);
    const res = await client.post(`/summary/${summaryId}/comments`, {
      source: "Energy $E=mc^2$ <b>bold</b>",
      intent: "preview",
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    const preview = /<div class="comment-preview"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? "";
    expect(preview).toContain('class="katex"');
    expect(preview).toContain("<b>bold</b>");
    expect(textareaOf(html)).toBe("Energy $E=mc^2$ &lt;b&gt;bold&lt;/b&gt;");
    const stored = await t.db
      .selectFrom("comments")
      .select("id")
      .where("summary_id", "=", summaryId)
      .execute();
    expect(stored).toEqual([]);
    // The edit form previews too.
    const id = await comment(client, summaryId, "Stored.");
    await client.get(`/comment/${id}/edit`);
    const edit = await client.post(`/comment/${id}/edit`, {
      source: "$\\alpha$",
      intent: "preview",
    });
    expect(edit.status).toBe(200);
    expect(await edit.text()).toContain('class="katex"');
    expect((await row(id)).source).toBe("Stored.");
  });

  it("keeps the text of a refused comment: empty, too long, rate-limited, summary gone", async () => {
    const { summaryId } = await summaryOnPaper();
    const { client, account } = await sessionClient(t);
    await client.get(`/summary/${summaryId}`);
    const empty = await client.post(`/summary/${summaryId}/comments`, { source: "   " });
    expect(empty.status).toBe(400);
    const long = "é".repeat(COMMENT_MAX_BYTES / 2 + 1);
    const tooLong = await client.post(`/summary/${summaryId}/comments`, { source: long });
    expect(tooLong.status).toBe(413);
    const tooLongHtml = await tooLong.text();
    expect(tooLongHtml).toContain("at most");
    expect(textareaOf(tooLongHtml)).toBe(long);
    const gone = await client.post("/summary/999999999/comments", { source: "Lost summary." });
    expect(gone.status).toBe(404);
    expect(textareaOf(await gone.text())).toBe("Lost summary.");
    // Use up the rest of the window (the comment on the gone summary counted too).
    const spend = () => consumeRateLimit(t.db, "commentPerUser", String(account.id));
    for (let i = 0; i <= RATE_LIMITS.commentPerUser.max; i++) {
      if (
        !(await spend().then(
          () => true,
          () => false,
        ))
      )
        break;
    }
    const limited = await client.post(`/summary/${summaryId}/comments`, {
      source: "One too many.",
      next: `/summary/${summaryId}`,
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    const limitedHtml = await limited.text();
    expect(textareaOf(limitedHtml)).toBe("One too many.");
    // The form still carries where to go back to.
    expect(limitedHtml).toContain(`name="next" value="/summary/${summaryId}"`);
    const edits = await t.db
      .selectFrom("comments")
      .select("id")
      .where("summary_id", "=", summaryId)
      .execute();
    expect(edits).toEqual([]);
  });

  it("an unconfirmed reader sees how to confirm instead of the form, and a refusal keeps the text", async () => {
    const { summaryId } = await summaryOnPaper();
    const { client } = await logInNewAccount(t, { verified: false });
    const page = await (await client.get(`/summary/${summaryId}`)).text();
    expect(page).toContain("Confirm your e-mail to comment.");
    expect(page).toContain('action="/settings/resend-verification"');
    expect(page).not.toContain(`action="/summary/${summaryId}/comments"`);
    const res = await client.post(`/summary/${summaryId}/comments`, { source: "Typed anyway." });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain("Confirm your e-mail to comment.");
    expect(textareaOf(html)).toBe("Typed anyway.");
  });

  it("a logged-out reader gets a login link back to the page", async () => {
    const { summaryId, paperPath } = await summaryOnPaper();
    const anonymous = createClient(t);
    const permalink = await (await anonymous.get(`/summary/${summaryId}`)).text();
    expect(permalink).toContain(
      `href="/login?next=${encodeURIComponent(`/summary/${summaryId}`)}">Log in to comment</a>`,
    );
    expect(permalink).not.toContain(`action="/summary/${summaryId}/comments"`);
    const paper = await (await anonymous.get(paperPath)).text();
    expect(paper).toContain(
      `href="/login?next=${encodeURIComponent(paperPath)}">Log in to comment`,
    );
  });

  it("refuses NUL bytes and huge bodies with a 4xx", async () => {
    const { summaryId } = await summaryOnPaper();
    const { client } = await sessionClient(t);
    await client.get(`/summary/${summaryId}`);
    const token = client.csrf() ?? "";
    const raw = (body: string) =>
      t.fetch(
        new Request(`http://localhost/summary/${summaryId}/comments`, {
          method: "POST",
          body,
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Origin: "http://localhost",
            Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
          },
        }),
      );
    const nul = await raw(`_csrf=${encodeURIComponent(token)}&source=a%00b`);
    expect(nul.status).toBe(400);
    const huge = await raw(`_csrf=${encodeURIComponent(token)}&source=${"x".repeat(200_000)}`);
    expect(huge.status).toBe(413);
    const edit = await client.post(`/comment/${"9".repeat(30)}/edit`, { source: "x" });
    expect(edit.status).toBe(400);
    const stored = await t.db
      .selectFrom("comments")
      .select("id")
      .where("summary_id", "=", summaryId)
      .execute();
    expect(stored).toEqual([]);
  });
});

describe("comment pages are valid HTML5", () => {
  const validator = new HtmlValidate({
    extends: ["html-validate:standard"],
    // KaTeX positions glyphs with inline styles; its MathML is unknown to the validator.
    rules: { "no-inline-style": "off", "unrecognized-char-ref": "off" },
  });
  const expectValid = async (what: string, html: string) => {
    const report = await validator.validateString(html);
    const messages = report.results.flatMap((r) =>
      r.messages.map((m) => `${what} ${m.ruleId}: ${m.message}`),
    );
    expect(messages).toEqual([]);
  };

  it("thread (author, other reader, logged out, unconfirmed), edit page, preview and refusal", async () => {
    const { summaryId, paperPath } = await summaryOnPaper();
    const { client: owner } = await sessionClient(t);
    const { client: other } = await sessionClient(t);
    const top = await comment(owner, summaryId, "Top with $x$.");
    await comment(other, summaryId, "Reply.", top);
    const gone = await comment(owner, summaryId, "Gone.");
    await comment(other, summaryId, "Keeps it.", gone);
    await owner.get(`/summary/${summaryId}`);
    await owner.post(`/comment/${gone}/delete`, {});
    const { client: unconfirmed } = await logInNewAccount(t, { verified: false });
    for (const [who, client] of [
      ["owner", owner],
      ["other", other],
      ["anonymous", createClient(t)],
      ["unconfirmed", unconfirmed],
    ] as const) {
      for (const path of [`/summary/${summaryId}`, paperPath]) {
        await expectValid(`${who} ${path}`, await (await client.get(path)).text());
      }
    }
    await expectValid("edit", await (await owner.get(`/comment/${top}/edit`)).text());
    const preview = await owner.post(`/summary/${summaryId}/comments`, {
      source: "$y$",
      intent: "preview",
      parent: String(top),
    });
    await expectValid("preview", await preview.text());
    const refused = await unconfirmed.post(`/summary/${summaryId}/comments`, { source: "No." });
    await expectValid("refused", await refused.text());
  });
});
