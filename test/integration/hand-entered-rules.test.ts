// Where a paper's details come from, and what replaces them (issue 7, point 9): a service's
// record (from an import, a lookup or the hourly check) that lands on details a person gave
// — typed in ("hand") or corrected by a moderator — replaces them whole and marks the paper
// confirmed ("service"); the page says so in each state. And the hourly check goes on past a
// paper whose lookup throws. On SQLite and, with TEST_DATABASE_URL, on PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setRole } from "../../src/auth/admin.service";
import {
  confirmHandEnteredPapers,
  saveHandEnteredPaper,
} from "../../src/papers/hand-entered.service";
import type { PaperId } from "../../src/papers/ids";
import { parsePaperDetails } from "../../src/papers/paper-details";
import { HAND_ENTERED_NOTICE } from "../../src/papers/paper-provenance.view";
import { type PaperRecord, upsertPapers } from "../../src/papers/paper-store.service";
import { createMetadataService } from "../../src/papers/resolvers/default-resolvers";
import type { ReplayServer } from "../fixtures/metadata/harness";
import { createClient, type TestClient } from "../helpers/client";
import { makeAccount } from "../helpers/factories";
import { checkServices, startKnowingArxiv } from "../helpers/hand-entered-services";
import { createTestApp, type TestApp } from "../helpers/test-app";

const SERVICE_TITLE = "Sparse Lattice Codes for Streaming Graph Sketches";
const MODERATED = "corrected by a moderator";

let t: TestApp;
let arxiv: ReplayServer;
/** arXiv ids the replayed arXiv knows; every other id is answered with an empty feed. */
let arxivKnows: Set<string>;

beforeAll(async () => {
  ({ server: arxiv, knows: arxivKnows } = await startKnowingArxiv());
  t = await createTestApp({
    metadataEndpoints: checkServices(`${arxiv.baseUrl}/api/query`).endpoints,
  });
});
afterAll(async () => {
  await t.close();
  await arxiv.close();
});

const typed = parsePaperDetails({
  title: "Typed Title Of A Paper",
  authors: "Typed Author",
  year: "2020",
  venue: "NeurIPS",
  abstract: "A typed abstract that is longer than the service's would be, on purpose.",
});

async function handEntered(value: string): Promise<string> {
  return saveHandEnteredPaper(t.db, { scheme: "arxiv", value }, typed);
}

async function paperRow(value: string) {
  return t.db
    .selectFrom("paper_identifiers as i")
    .innerJoin("papers as p", "p.id", "i.paper_id")
    .select(["p.id", "p.title", "p.authors", "p.year", "p.venue_id", "p.abstract"])
    .select(["p.metadata_source", "p.metadata_checked_at"])
    .where("i.scheme", "=", "arxiv")
    .where("i.value", "=", value)
    .executeTakeFirstOrThrow();
}

/** What an import of an arXiv snapshot line gives the store: no year, venue or abstract. */
function imported(value: string, title: string): PaperRecord {
  return {
    title,
    authors: ["Imported Author"],
    year: null,
    venue: null,
    abstract: "",
    categories: ["cs.LG"],
    arxivVersion: 1,
    identifiers: [{ scheme: "arxiv", value }],
  };
}

async function moderator(): Promise<TestClient> {
  const acct = await makeAccount(t.db);
  await setRole(t.db, acct.username, "moderator");
  const client = createClient(t);
  await client.submit("/login", "/login", { login: acct.username, password: acct.password });
  return client;
}

/** The page as an anonymous reader sees it, and what it says about its details. */
async function pageState(path: string) {
  const html = await t.html(path);
  return {
    html,
    hand: html.includes(HAND_ENTERED_NOTICE),
    moderated: html.includes(MODERATED),
    citation: html.includes('name="citation_title"'),
  };
}

describe("a service's record landing on details a person gave", () => {
  it("replaces typed details whole on import and marks the paper confirmed", async () => {
    const path = await handEntered("2104.00001");
    expect(await pageState(path)).toMatchObject({ hand: true, moderated: false, citation: false });

    const result = await upsertPapers(t.db, [imported("2104.00001", "Imported Title")]);
    expect(result).toMatchObject({ inserted: 0, updated: 1 });
    const row = await paperRow("2104.00001");
    expect(row).toMatchObject({
      title: "Imported Title",
      authors: JSON.stringify(["Imported Author"]),
      // Replaced, not merged: the typed year, venue and longer abstract do not survive.
      year: null,
      venue_id: null,
      abstract: "",
      metadata_source: "service",
    });
    expect(row.metadata_checked_at).not.toBeNull();
    const page = await pageState(path);
    expect(page).toMatchObject({ hand: false, moderated: false, citation: true });
    expect(page.html).not.toContain("Typed Author");

    // From then on a record merges as into any confirmed paper: the title follows the newest.
    await upsertPapers(t.db, [imported("2104.00001", "Imported Title, Revised")]);
    expect(await paperRow("2104.00001")).toMatchObject({
      title: "Imported Title, Revised",
      metadata_source: "service",
    });
  });

  it("replaces a moderator's correction on import too, and the page stops calling it unconfirmed", async () => {
    const path = await handEntered("2104.00002");
    const { id } = await paperRow("2104.00002");
    const mod = await moderator();
    await mod.get(path);
    const corrected = await mod.post(`/papers/${id}/details`, {
      title: "Corrected By A Moderator",
      authors: "Moderated Author",
      year: "2019",
      venue: "ICML",
      abstract: "Corrected abstract, also longer than the import's.",
    });
    expect(corrected.status).toBe(303);
    expect((await paperRow("2104.00002")).metadata_source).toBe("moderator");
    // Reviewed by a moderator: citation tags are offered, the notice stays.
    expect(await pageState(path)).toMatchObject({ hand: false, moderated: true, citation: true });

    await upsertPapers(t.db, [imported("2104.00002", "Imported Over The Correction")]);
    expect(await paperRow("2104.00002")).toMatchObject({
      title: "Imported Over The Correction",
      authors: JSON.stringify(["Imported Author"]),
      year: null,
      venue_id: null,
      abstract: "",
      metadata_source: "service",
    });
    const page = await pageState(path);
    expect(page).toMatchObject({ hand: false, moderated: false, citation: true });
    expect(page.html).not.toContain("Moderated Author");
    // Confirmed details are no longer the moderators' to edit.
    const late = await mod.post(`/papers/${id}/details`, {
      title: "Too Late",
      authors: "X",
      year: "",
      venue: "",
      abstract: "",
    });
    expect(late.status).toBe(409);
  });

  it("has the hourly check replace a moderator's correction once a service knows the paper", async () => {
    const path = await handEntered("2104.00003");
    const { id } = await paperRow("2104.00003");
    const mod = await moderator();
    await mod.get(path);
    const fields = { authors: "Moderated Author", year: "", venue: "", abstract: "" };
    await mod.post(`/papers/${id}/details`, { ...fields, title: "Moderated Title" });
    arxivKnows.add("2104.00003");
    const metadata = createMetadataService(t.db, checkServices(`${arxiv.baseUrl}/api/query`));
    const report = await confirmHandEnteredPapers({ db: t.db, metadata });
    expect(report.confirmed).toBeGreaterThanOrEqual(1);
    expect(await paperRow("2104.00003")).toMatchObject({
      title: SERVICE_TITLE,
      metadata_source: "service",
    });
    expect(await pageState(path)).toMatchObject({ hand: false, moderated: false, citation: true });
  });
});

describe("the hourly check", () => {
  it("logs a paper whose lookup throws, marks it checked, and goes on to the next", async () => {
    // A fresh clock far ahead: only this test's papers are due in its first run.
    const now = new Date("2030-01-01T00:00:00.000Z");
    await t.db
      .updateTable("papers")
      .set({ metadata_checked_at: now.toISOString() })
      .where("metadata_source", "!=", "service")
      .execute();
    await handEntered("2104.00011");
    await handEntered("2104.00012");
    arxivKnows.add("2104.00012");
    const real = createMetadataService(t.db, checkServices(`${arxiv.baseUrl}/api/query`));
    const metadata = {
      lookup: (id: PaperId) =>
        id.value === "2104.00011"
          ? Promise.reject(new Error("the service's answer broke the parser"))
          : real.lookup(id),
    };
    const warnings: object[] = [];
    const logger = { warn: (details: object) => warnings.push(details) };

    const report = await confirmHandEnteredPapers({ db: t.db, metadata, logger }, now);
    expect(report).toEqual({ checked: 2, confirmed: 1, notFound: 0, unavailable: 0, failed: 1 });
    const failed = await paperRow("2104.00011");
    expect(failed).toMatchObject({
      metadata_source: "hand",
      metadata_checked_at: now.toISOString(),
    });
    expect(await paperRow("2104.00012")).toMatchObject({ metadata_source: "service" });
    expect(warnings).toEqual([expect.objectContaining({ paperId: failed.id })]);
    // Not first in line forever: within the recheck interval nothing is due.
    expect((await confirmHandEnteredPapers({ db: t.db, metadata, logger }, now)).checked).toBe(0);
  });
});
