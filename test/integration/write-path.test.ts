import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveOidcAccount } from "../../src/auth/oidc-accounts.service";
import { addComment } from "../../src/comments/comments.service";
import { writeVisible } from "../../src/db/content-version";
import { rerenderAll } from "../../src/maintenance/rerender.service";
import { upsertPaper } from "../../src/papers/paper-store.service";
import { deleteAccount, updateProfile } from "../../src/settings/settings.service";
import { voteOnSummary } from "../../src/votes/votes.service";
import { cachedPages, loggedInClient, randomOrcid, scoreShown } from "../helpers/cached-pages";
import type { TestClient } from "../helpers/client";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Every kind of public write must reach an anonymous reader through the page cache: each test
// reads a page (so the cache holds it), writes, and reads it again through the cache. A write
// that skipped the content-version bump would leave the old page there, and its test fails.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const word = () => `marker${randomBytes(5).toString("hex")}`;

const cachedPage = (path: string) => cachedPages(t).cachedPage(path);
const freshPage = (path: string) => cachedPages(t).freshPage(path);
const cachedAcross = (path: string, write: () => Promise<unknown>) =>
  cachedPages(t).cachedAcross(path, write);
const loggedIn = () => loggedInClient(t);

async function summaryOnPaper(source = `A summary about ${word()}.`) {
  const author = await makeUser(t.db, { displayName: `Author ${word()}` });
  const paper = await makePaper(t.db);
  const id = await makeSummary(t.db, paper.id, author.id, { source });
  return { author, paper, id, source, paperPath: `/paper/arxiv/${paper.arxiv}` };
}

describe("the anonymous page cache", () => {
  it("keeps serving a page while no write moves the content version", async () => {
    const s = await summaryOnPaper();
    const paths = [s.paperPath, `/summary/${s.id}`, `/user/${s.author.username}`];
    const before = await Promise.all(paths.map(cachedPage));
    const hidden = word();
    // Changed behind the write path's back: only the cache can still show the old text.
    await t.db.updateTable("papers").set({ title: hidden }).where("id", "=", s.paper.id).execute();
    await t.db
      .updateTable("users")
      .set({ display_name: hidden })
      .where("id", "=", s.author.id)
      .execute();
    for (const [i, path] of paths.entries()) {
      expect(await cachedPage(path)).toBe(before[i]);
      expect(await freshPage(path)).toContain(hidden);
    }
  });
});

describe("every public write reaches the cached page", () => {
  const voteOver = async (client: TestClient, summaryId: number, value: string) => {
    await client.get(`/summary/${summaryId}`);
    return client.post(`/summary/${summaryId}/vote`, { value });
  };

  it("a vote (POST /summary/:id/vote)", async () => {
    const s = await summaryOnPaper();
    const { client } = await loggedIn();
    const after = await cachedAcross(s.paperPath, async () => {
      expect((await voteOver(client, s.id, "1")).status).toBe(303);
    });
    expect(scoreShown(after)).toBe("+1");
  });

  it("a change of vote", async () => {
    const s = await summaryOnPaper();
    const { client, id } = await loggedIn();
    await voteOnSummary(t.db, { summaryId: s.id, userId: id, value: 1 });
    const after = await cachedAcross(`/summary/${s.id}`, async () => {
      expect((await voteOver(client, s.id, "-1")).status).toBe(303);
    });
    expect(scoreShown(after)).toBe("-1");
  });

  it("a withdrawn vote (value 0)", async () => {
    const s = await summaryOnPaper();
    const { client, id } = await loggedIn();
    await voteOnSummary(t.db, { summaryId: s.id, userId: id, value: -1 });
    expect(scoreShown(await cachedPage(`/summary/${s.id}`))).toBe("-1");
    const after = await cachedAcross(`/summary/${s.id}`, async () => {
      expect((await voteOver(client, s.id, "0")).status).toBe(303);
    });
    expect(scoreShown(after)).toBe("0");
    const rows = await t.db
      .selectFrom("votes")
      .select("value")
      .where("summary_id", "=", s.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it("refuses a vote that is not +1, −1 or 0, and changes nothing", async () => {
    const s = await summaryOnPaper();
    const { client } = await loggedIn();
    for (const value of ["2", "", "1e0", "-0.5"]) {
      const res = await voteOver(client, s.id, value);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("withdraw");
    }
    expect(scoreShown(await freshPage(`/summary/${s.id}`))).toBe("0");
    expect(
      await t.db.selectFrom("votes").select("value").where("summary_id", "=", s.id).execute(),
    ).toEqual([]);
  });

  it("a comment", async () => {
    const s = await summaryOnPaper();
    const commenter = await makeUser(t.db);
    const remark = word();
    const after = await cachedAcross(`/summary/${s.id}`, () =>
      addComment(t.db, t.render, { summaryId: s.id, userId: commenter.id, source: remark }),
    );
    expect(after).toContain(remark);
  });

  it("a new summary", async () => {
    const paper = await makePaper(t.db);
    const author = await makeUser(t.db);
    const text = `A new reading of ${word()}.`;
    const after = await cachedAcross(`/paper/arxiv/${paper.arxiv}`, () =>
      makeSummary(t.db, paper.id, author.id, { source: text }),
    );
    expect(after).toContain(text);
  });

  it("a summary edit and a summary made private (POST /summaries)", async () => {
    const { client, id } = await loggedIn();
    const paper = await makePaper(t.db);
    const summaryId = await makeSummary(t.db, paper.id, id, { source: "First draft." });
    // The editor publishes 200 characters or more.
    const edited = `Second draft about ${word()}.${" Padded to the minimum length.".repeat(7)}`;
    const save = (fields: Record<string, string>) => async () => {
      const res = await client.submit("/settings", "/summaries", {
        paperId: String(paper.id),
        source: edited,
        ...fields,
      });
      expect(res.status).toBe(303);
    };
    const afterEdit = await cachedAcross(`/summary/${summaryId}`, save({}));
    expect(afterEdit).toContain(edited);
    const paperPath = `/paper/arxiv/${paper.arxiv}`;
    expect(await cachedPage(paperPath)).toContain(edited);
    const afterPrivate = await cachedAcross(paperPath, save({ private: "1" }));
    expect(afterPrivate).not.toContain(edited);
  });

  it("a profile update (display name and bio)", async () => {
    // A bio needs a confirmed address: an account, not a bare user row.
    const user = await makeAccount(t.db);
    const name = `Dr ${word()}`;
    const bio = `Works on ${word()}.`;
    const after = await cachedAcross(`/user/${user.username}`, () =>
      updateProfile(t.db, t.render, user.id, {
        displayName: name,
        bio,
        orcid: "",
        notifyComments: false,
      }),
    );
    expect(after).toContain(name);
    expect(after).toContain(bio);
  });

  it("an ORCID iD linked by signing in, released by the account that only typed it", async () => {
    const orcid = randomOrcid();
    const typist = await makeUser(t.db);
    await updateProfile(t.db, t.render, typist.id, {
      displayName: "Typed it",
      bio: "",
      orcid,
      notifyComments: false,
    });
    const owner = await makeUser(t.db);
    expect(await cachedPage(`/user/${typist.username}`)).toContain(orcid);
    const profile = {
      issuer: "https://orcid.org",
      subject: orcid,
      orcid,
      name: null,
      email: null,
      providerName: "ORCID",
    };
    const after = await cachedAcross(`/user/${owner.username}`, () =>
      resolveOidcAccount(t.db, profile, owner.id),
    );
    expect(after).toContain(orcid);
    expect(await cachedPage(`/user/${typist.username}`)).not.toContain(orcid);
  });

  it("a new account by ORCID sign-in takes the iD from the account that only typed it", async () => {
    const orcid = randomOrcid();
    const typist = await makeUser(t.db);
    await updateProfile(t.db, t.render, typist.id, {
      displayName: "Typed it too",
      bio: "",
      orcid,
      notifyComments: false,
    });
    const profile = {
      issuer: "https://orcid.org",
      subject: orcid,
      orcid,
      name: `Signer ${word()}`,
      email: null,
      providerName: "ORCID",
    };
    const after = await cachedAcross(`/user/${typist.username}`, () =>
      resolveOidcAccount(t.db, profile, null),
    );
    expect(after).not.toContain(orcid);
  });

  for (const mode of ["keep", "remove"] as const) {
    it(`an account deletion that ${mode}s the person's summaries, and takes back their votes`, async () => {
      const leaving = await makeUser(t.db, { displayName: `Leaving ${word()}` });
      const own = await summaryOnPaper();
      const theirs = await makeSummary(t.db, own.paper.id, leaving.id, {
        source: `Mine: ${word()}.`,
      });
      await voteOnSummary(t.db, { summaryId: own.id, userId: leaving.id, value: 1 });
      const ownPath = `/summary/${own.id}`;
      expect(scoreShown(await cachedPage(ownPath))).toBe("+1");
      const theirsPage = await cachedPage(`/summary/${theirs}`);
      expect(theirsPage).toContain(leaving.username);
      const after = await cachedAcross(own.paperPath, () =>
        deleteAccount(t.db, { userId: leaving.id, password: "", mode, ip: "192.0.2.7" }),
      );
      expect(after).not.toContain(leaving.username);
      expect(scoreShown(await cachedPage(ownPath))).toBe("0");
      if (mode === "keep") {
        const kept = await cachedPage(`/summary/${theirs}`);
        expect(kept).toContain("Deleted user");
        expect(kept).not.toContain(leaving.username);
      } else {
        expect((await t.get(`/summary/${theirs}`)).status).toBe(404);
      }
    });
  }

  it("a paper upsert from outside data (paper store)", async () => {
    const paper = await makePaper(t.db);
    const title = `A corrected title ${word()}`;
    const after = await cachedAcross(`/paper/arxiv/${paper.arxiv}`, () =>
      upsertPaper(t.db, {
        title,
        authors: ["Ada Author", "Bo Writer"],
        year: 2020,
        venue: null,
        abstract: "An abstract.",
        categories: ["cs.LG"],
        arxivVersion: null,
        identifiers: [{ scheme: "arxiv", value: paper.arxiv }],
      }),
    );
    expect(after).toContain(title);
  });

  it("a rerender of summaries, comments and bios stored by an older renderer", async () => {
    const bio = `Studies ${word()}.`;
    const author = await makeUser(t.db, { bio });
    const paper = await makePaper(t.db);
    const source = `Rendered again: ${word()}.`;
    const id = await makeSummary(t.db, paper.id, author.id, { source });
    const remark = word();
    const commentId = await addComment(t.db, t.render, {
      summaryId: id,
      userId: author.id,
      source: remark,
    });
    await writeVisible(t.db, async (trx) => {
      await trx
        .updateTable("summaries")
        .set({ html: "<p>an old summary</p>", renderer_version: 0 })
        .where("id", "=", id)
        .execute();
      await trx
        .updateTable("comments")
        .set({ html: "<p>an old comment</p>", renderer_version: 0 })
        .where("id", "=", commentId)
        .execute();
      await trx
        .updateTable("users")
        .set({ bio_html: "<p>an old bio</p>" })
        .where("id", "=", author.id)
        .execute();
    });
    const profilePath = `/user/${author.username}`;
    expect(await cachedPage(profilePath)).toContain("an old bio");
    const summaryPage = await cachedPage(`/summary/${id}`);
    expect(summaryPage).toContain("an old summary");
    expect(summaryPage).toContain("an old comment");
    const after = await cachedAcross(`/summary/${id}`, () => rerenderAll(t.db, t.render));
    expect(after).toContain(source.slice(0, -1));
    expect(after).toContain(remark);
    expect(after).not.toMatch(/an old (summary|comment)/);
    const profile = await cachedPage(profilePath);
    expect(profile).toBe(await freshPage(profilePath));
    expect(profile).toContain(bio.slice(0, -1));
    expect(profile).not.toContain("an old bio");
  });
});
