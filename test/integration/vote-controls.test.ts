import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../src/auth/sessions.service";
import { createClient, type TestClient } from "../helpers/client";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Issue 10, point 4: vote controls that show the reader's vote, withdraw on a second press,
// stay off one's own summary, tell an unconfirmed reader what to do, and answer JSON to the
// script; and the permalink carries the same controls as the paper page.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function setup() {
  const author = await makeUser(t.db);
  const paper = await makePaper(t.db);
  const summaryId = await makeSummary(t.db, paper.id, author.id);
  const paperPath = `/paper/arxiv/${paper.arxiv}`;
  return { paper, summaryId, paperPath };
}

const scoreOf = async (id: number) =>
  (
    await t.db
      .selectFrom("summaries")
      .select("score")
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).score;

/** The vote form of one summary on a page, or null when the page has none for it. */
function voteForm(html: string, summaryId: number): string | null {
  const m = new RegExp(
    `<form method="post" action="/summary/${summaryId}/vote"[^>]*>([\\s\\S]*?)</form>`,
  ).exec(html);
  return m?.[1] ?? null;
}

/** Each button of a vote form: what it sends and whether it is pressed. */
function buttons(form: string) {
  const out: Record<string, { value: string; pressed: string }> = {};
  for (const b of form.matchAll(/<button([^>]*)>/g)) {
    const attrs = b[1] ?? "";
    const kind = /data-vote="(-?1)"/.exec(attrs)?.[1] ?? "?";
    out[kind] = {
      value: /value="([^"]*)"/.exec(attrs)?.[1] ?? "",
      pressed: /aria-pressed="([^"]*)"/.exec(attrs)?.[1] ?? "",
    };
  }
  return out;
}

const scoreShown = (html: string, id: number) =>
  new RegExp(
    `data-score-for="${id}"[^>]*><span class="visually-hidden">Score </span>([^<]*)<`,
  ).exec(html)?.[1];

async function pressedOn(client: TestClient, path: string, id: number) {
  const res = await client.get(path);
  expect(res.status).toBe(200);
  const form = voteForm(await res.text(), id);
  if (!form) throw new Error(`no vote form on ${path}`);
  return buttons(form);
}

describe("vote controls", () => {
  it("show the reader's vote as the pressed button on the paper page and the permalink; pressing it again withdraws", async () => {
    const { summaryId, paperPath } = await setup();
    const { client } = await sessionClient(t);
    for (const path of [paperPath, `/summary/${summaryId}`]) {
      const fresh = await pressedOn(client, path, summaryId);
      expect(fresh).toEqual({
        "1": { value: "1", pressed: "false" },
        "-1": { value: "-1", pressed: "false" },
      });
    }
    // Up, as the plain form sends it from the permalink: back there, at the summary.
    const up = await client.post(`/summary/${summaryId}/vote`, {
      value: "1",
      next: `/summary/${summaryId}`,
    });
    expect(up.status).toBe(303);
    expect(up.headers.get("Location")).toBe(`/summary/${summaryId}#summary-${summaryId}`);
    expect(await scoreOf(summaryId)).toBe(1);
    for (const path of [paperPath, `/summary/${summaryId}`]) {
      const after = await pressedOn(client, path, summaryId);
      // The pressed button now sends 0: a second press withdraws.
      expect(after).toEqual({
        "1": { value: "0", pressed: "true" },
        "-1": { value: "-1", pressed: "false" },
      });
      expect(scoreShown(client.lastHtml, summaryId)).toBe("+1");
    }
    // The second press, from the paper page.
    const again = await client.post(`/summary/${summaryId}/vote`, { value: "0", next: paperPath });
    expect(again.headers.get("Location")).toBe(`${paperPath}#summary-${summaryId}`);
    expect(await scoreOf(summaryId)).toBe(0);
    expect(await pressedOn(client, paperPath, summaryId)).toEqual({
      "1": { value: "1", pressed: "false" },
      "-1": { value: "-1", pressed: "false" },
    });
    // Down: only the down button is pressed.
    await client.post(`/summary/${summaryId}/vote`, { value: "-1" });
    expect(await pressedOn(client, paperPath, summaryId)).toEqual({
      "1": { value: "1", pressed: "false" },
      "-1": { value: "0", pressed: "true" },
    });
    expect(await scoreOf(summaryId)).toBe(-1);
  });

  it("show each summary of a page with the reader's own vote on it", async () => {
    const { client, account } = await sessionClient(t);
    const paper = await makePaper(t.db);
    const up = await makeSummary(t.db, paper.id, (await makeUser(t.db)).id);
    const down = await makeSummary(t.db, paper.id, (await makeUser(t.db)).id);
    const none = await makeSummary(t.db, paper.id, (await makeUser(t.db)).id);
    const mine = await makeSummary(t.db, paper.id, account.id, { isAnonymous: true });
    await client.get(`/paper/arxiv/${paper.arxiv}`);
    await client.post(`/summary/${up}/vote`, { value: "1" });
    await client.post(`/summary/${down}/vote`, { value: "-1" });
    // Someone else's vote is not the reader's.
    const other = await sessionClient(t);
    await other.client.post(`/summary/${none}/vote`, { value: "1" });
    const html = await (await client.get(`/paper/arxiv/${paper.arxiv}`)).text();
    const pressed = (id: number) => {
      const form = voteForm(html, id);
      return form ? buttons(form) : null;
    };
    expect(pressed(up)?.["1"]?.pressed).toBe("true");
    expect(pressed(up)?.["-1"]?.pressed).toBe("false");
    expect(pressed(down)?.["-1"]?.pressed).toBe("true");
    expect(pressed(down)?.["1"]?.pressed).toBe("false");
    expect(pressed(none)?.["1"]?.pressed).toBe("false");
    expect(pressed(none)?.["-1"]?.pressed).toBe("false");
    expect(pressed(mine)).toBeNull();
  });

  it("send a plain form back to the paper page when `next` is missing or not a path of ours", async () => {
    const { summaryId, paperPath } = await setup();
    const { client } = await sessionClient(t);
    for (const next of ["", "//evil.example/x", "https://evil.example/", "/\\evil.example"]) {
      const res = await client.post(`/summary/${summaryId}/vote`, { value: "1", next });
      expect(res.status).toBe(303);
      expect(res.headers.get("Location")).toBe(`${paperPath}#summary-${summaryId}`);
    }
  });

  it("show one's own summary with its score and no buttons, anonymous or not", async () => {
    const { client, account } = await sessionClient(t);
    const paper = await makePaper(t.db);
    const named = await makeSummary(t.db, paper.id, account.id);
    const other = await makePaper(t.db);
    const anonymous = await makeSummary(t.db, other.id, account.id, { isAnonymous: true });
    for (const [id, path] of [
      [named, `/paper/arxiv/${paper.arxiv}`],
      [named, `/summary/${named}`],
      [anonymous, `/paper/arxiv/${other.arxiv}`],
      [anonymous, `/summary/${anonymous}`],
    ] as const) {
      const html = await (await client.get(path)).text();
      expect(voteForm(html, id)).toBeNull();
      expect(scoreShown(html, id)).toBe("0");
      expect(html).not.toContain("Log in to vote");
      expect(html).not.toContain("Confirm your e-mail to vote");
    }
  });

  it("tell a reader with an unconfirmed address to confirm it, with the resend form, instead of buttons", async () => {
    const { summaryId, paperPath } = await setup();
    const account = await makeAccount(t.db, { verified: false });
    const client = createClient(t);
    client.cookies.set("ss_session", await startSession(t.db, account.id, "test"));
    for (const path of [paperPath, `/summary/${summaryId}`]) {
      const html = await (await client.get(path)).text();
      expect(voteForm(html, summaryId)).toBeNull();
      expect(html).toContain("Confirm your e-mail to vote.");
      expect(html).toMatch(/<form method="post" action="\/settings\/resend-verification"/);
      // No vote script either: there is nothing for it to do.
      expect(html).not.toContain("/assets/votes.js");
    }
    // The resend works from there (Settings' own route).
    const resend = await client.post("/settings/resend-verification", {});
    expect(resend.status).toBe(303);
  });

  it("show logged-out readers the score and a login link that comes back to the page", async () => {
    const { summaryId, paperPath } = await setup();
    const anonymous = createClient(t);
    for (const path of [paperPath, `/summary/${summaryId}`]) {
      const html = await (await anonymous.get(path)).text();
      expect(voteForm(html, summaryId)).toBeNull();
      expect(scoreShown(html, summaryId)).toBe("0");
      expect(html).toContain(
        `<a class="vote-login" href="/login?next=${encodeURIComponent(path)}">Log in to vote</a>`,
      );
    }
  });

  it("answer the script with JSON {score, vote}, and errors as JSON that change nothing", async () => {
    const { summaryId } = await setup();
    const { client, account } = await sessionClient(t);
    const json = { Accept: "application/json", "X-CSRF-Token": client.csrf() ?? "" };
    const post = (id: number, value: string) => client.post(`/summary/${id}/vote`, { value }, json);
    const up = await post(summaryId, "1");
    expect(up.status).toBe(200);
    expect(up.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await up.json()).toEqual({ score: 1, vote: 1 });
    expect(await (await post(summaryId, "-1")).json()).toEqual({ score: -1, vote: -1 });
    expect(await (await post(summaryId, "0")).json()).toEqual({ score: 0, vote: 0 });

    // The header alone carries the token, as the script sends it.
    const headerOnly = await t.fetch(
      new Request(`http://localhost/summary/${summaryId}/vote`, {
        method: "POST",
        body: new URLSearchParams({ value: "1" }),
        headers: {
          ...json,
          "Content-Type": "application/x-www-form-urlencoded",
          Origin: "http://localhost",
          Cookie: `ss_session=${client.cookies.get("ss_session")}`,
        },
      }),
    );
    expect(await headerOnly.json()).toEqual({ score: 1, vote: 1 });

    const bad = await post(summaryId, "7");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid" } });
    const mine = await makeSummary(t.db, (await makePaper(t.db)).id, account.id);
    const own = await post(mine, "1");
    expect(own.status).toBe(403);
    expect(await own.json()).toMatchObject({ error: { code: "forbidden" } });
    const missing = await post(999_999_999, "1");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
    expect(await scoreOf(summaryId)).toBe(1);
    expect(await scoreOf(mine)).toBe(0);
  });

  it("never serve an anonymous reader a page with someone's vote on it", async () => {
    const { summaryId, paperPath } = await setup();
    const anonymous = createClient(t);
    // Warm the cache for anonymous readers first, then vote while logged in.
    for (const path of [paperPath, `/summary/${summaryId}`]) await anonymous.get(path);
    const { client } = await sessionClient(t);
    await client.post(`/summary/${summaryId}/vote`, { value: "1" });
    for (const path of [paperPath, `/summary/${summaryId}`]) {
      const mine = await client.get(path);
      expect(mine.headers.get("Cache-Control")).toBe("private, no-store");
      expect(await mine.text()).toContain('aria-pressed="true"');
      for (let i = 0; i < 2; i++) {
        // Twice: a miss renders and stores the page, a hit serves it from the cache.
        const theirs = await anonymous.get(path);
        const html = await theirs.text();
        expect(html).not.toContain('aria-pressed="true"');
        expect(html).not.toContain(client.csrf() ?? "no token");
        expect(scoreShown(html, summaryId)).toBe("+1");
      }
    }
  });

  it("put the comment form on the permalink, and bring a comment posted there back to it", async () => {
    const { summaryId, paperPath } = await setup();
    const { client } = await sessionClient(t);
    const permalink = `/summary/${summaryId}`;
    const page = await (await client.get(permalink)).text();
    expect(page).toContain(`action="/summary/${summaryId}/comments"`);
    expect(page).toMatch(new RegExp(`name="next" value="${permalink}"`));
    const fromPermalink = await client.post(`/summary/${summaryId}/comments`, {
      source: "A comment from the permalink.",
      next: permalink,
    });
    expect(fromPermalink.status).toBe(303);
    expect(fromPermalink.headers.get("Location")).toMatch(
      new RegExp(`^${permalink}#comment-\\d+$`),
    );
    const fromPaper = await client.post(`/summary/${summaryId}/comments`, {
      source: "A comment from the paper page.",
      next: paperPath,
    });
    expect(fromPaper.headers.get("Location")).toMatch(new RegExp(`^${paperPath}#comment-\\d+$`));
    const elsewhere = await client.post(`/summary/${summaryId}/comments`, {
      source: "A comment with a foreign next.",
      next: "//evil.example/",
    });
    expect(elsewhere.headers.get("Location")).toMatch(new RegExp(`^${permalink}#comment-\\d+$`));
    const after = await (await client.get(permalink)).text();
    expect(after).toContain("A comment from the permalink.");
    expect(after).toContain("A comment from the paper page.");
  });
});
