// Hand-entered papers (issue 7, point 9): marked unconfirmed on their page until the
// background check replaces their details with a service's record; moderators may correct
// them until then (a correction is replaced too: see hand-entered-rules.test.ts). Services are local replay servers; the check runs on an injected clock.

import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setRole } from "../../src/auth/admin.service";
import {
  confirmHandEnteredPapers,
  saveHandEnteredPaper,
} from "../../src/papers/hand-entered.service";
import { parsePaperDetails } from "../../src/papers/paper-details";
import { HAND_ENTERED_NOTICE } from "../../src/papers/paper-provenance.view";
import { createMetadataService } from "../../src/papers/resolvers/default-resolvers";
import type { ReplayServer } from "../fixtures/metadata/harness";
import { createClient, type TestClient } from "../helpers/client";
import { makeAccount, makePaper } from "../helpers/factories";
import {
  checkInAnotherProcess,
  checkServices,
  serveOverHttp,
  startKnowingArxiv,
} from "../helpers/hand-entered-services";
import { createTestApp, type TestApp } from "../helpers/test-app";

const SERVICE_TITLE = "Sparse Lattice Codes for Streaming Graph Sketches";

let t: TestApp;
let arxiv: ReplayServer;
let http: { url: string; close(): Promise<void> };
/** arXiv ids the replayed arXiv knows; every other id is answered with an empty feed. */
let arxivKnows: Set<string>;

beforeAll(async () => {
  ({ server: arxiv, knows: arxivKnows } = await startKnowingArxiv());
  t = await createTestApp({
    metadataEndpoints: checkServices(`${arxiv.baseUrl}/api/query`).endpoints,
  });
  http = await serveOverHttp(t.fetch);
});
afterAll(async () => {
  await http.close();
  await t.close();
  await arxiv.close();
});

const T0 = new Date("2026-12-01T08:00:00.000Z");
const hoursAfter = (h: number) => new Date(T0.getTime() + h * 3_600_000);

/** The background job as a scheduler runs it, with the services' cache on the same clock. */
function runCheck(now: Date) {
  const metadata = createMetadataService(t.db, checkServices(`${arxiv.baseUrl}/api/query`), {
    now: () => now.getTime(),
  });
  return confirmHandEnteredPapers({ db: t.db, metadata }, now);
}

async function handEntered(arxivId: string, title: string) {
  const client = await loggedIn();
  await client.get(`/papers/new?id=${arxivId}`);
  const res = await client.post("/papers/manual", {
    identifier: arxivId,
    title,
    authors: "Typed Author\nSecond Typist",
    year: "2020",
    venue: "NeurIPS",
    abstract: "Typed abstract.",
  });
  expect(res.status).toBe(303);
  return res.headers.get("Location") ?? "";
}

async function loggedIn(role?: "moderator"): Promise<TestClient> {
  const acct = await makeAccount(t.db);
  if (role) await setRole(t.db, acct.username, role);
  const client = createClient(t);
  const res = await client.submit("/login", "/login", {
    login: acct.username,
    password: acct.password,
  });
  expect(res.status).toBe(303);
  return client;
}

async function paperRow(arxivId: string) {
  return t.db
    .selectFrom("paper_identifiers as i")
    .innerJoin("papers as p", "p.id", "i.paper_id")
    .select(["p.id", "p.title", "p.authors", "p.year", "p.venue_id", "p.metadata_source"])
    .select(["p.metadata_checked_at", "p.abstract", "p.arxiv_version", "p.categories"])
    .where("i.scheme", "=", "arxiv")
    .where("i.value", "=", arxivId)
    .executeTakeFirstOrThrow();
}

describe("a hand-entered paper", () => {
  it("says it is unconfirmed until the check replaces its details with the service's", async () => {
    const path = await handEntered("2101.00077", "Sparse Codes As I Remember Them");
    expect(path).toBe("/paper/arxiv/2101.00077");
    const before = await t.html(path);
    expect(before).toContain(HAND_ENTERED_NOTICE);
    expect(before).toContain("Typed Author, Second Typist");

    const first = await runCheck(T0);
    expect(first).toEqual({ checked: 1, confirmed: 0, notFound: 1, unavailable: 0, failed: 0 });
    expect((await paperRow("2101.00077")).metadata_checked_at).toBe(T0.toISOString());
    expect(await t.html(path)).toContain(HAND_ENTERED_NOTICE);
    // Not asked again within the recheck interval.
    const asked = arxiv.requests.length;
    expect((await runCheck(hoursAfter(0.5))).checked).toBe(0);
    expect(arxiv.requests.length).toBe(asked);

    arxivKnows.add("2101.00077");
    // The "not found" answer is cached for a day: the next run a day later asks the service.
    expect((await runCheck(hoursAfter(2))).confirmed).toBe(0);
    const confirmed = await runCheck(hoursAfter(25));
    expect(confirmed).toEqual({ checked: 1, confirmed: 1, notFound: 0, unavailable: 0, failed: 0 });

    const row = await paperRow("2101.00077");
    expect(row.metadata_source).toBe("service");
    expect(row.title).toBe(SERVICE_TITLE);
    expect(JSON.parse(row.authors)).toEqual(["Oriane Quillet", "Tamsin Abernethy"]);
    // Replaced whole, not merged: the typed year, venue and abstract are gone.
    expect(row.year).toBe(2021);
    expect(row.venue_id).toBeNull();
    expect(row.abstract).toContain("lattice codes whose decoders");
    expect(row.arxiv_version).toBe(2);
    expect(row.categories).toBe("cs.DS cs.IT");
    // The anonymous reader's cached page changed with it.
    const after = await t.html(path);
    expect(after).not.toContain(HAND_ENTERED_NOTICE);
    expect(after).not.toContain("Typed Author");
    expect(after).toContain(SERVICE_TITLE);
    expect(after).toContain('name="citation_title"');
    expect((await runCheck(hoursAfter(50))).checked).toBe(0);
  });

  it("can be corrected by moderators only, until the check finds a service that knows it", async () => {
    const path = await handEntered("2101.00078", "A Title With A Typo In It");
    const { id } = await paperRow("2101.00078");
    const correction = {
      title: "A Title Without A Typo",
      authors: "Corrected Author",
      year: "2021",
      venue: "",
      abstract: "",
    };
    const user = await loggedIn();
    expect(await (await user.get(path)).text()).not.toContain(`action="/papers/${id}/details"`);
    const refused = await user.post(`/papers/${id}/details`, correction);
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain(`action="/papers/${id}/details"`);

    const moderator = await loggedIn("moderator");
    const moderatorView = await (await moderator.get(path)).text();
    expect(moderatorView).toContain(`action="/papers/${id}/details"`);
    expect(moderatorView).toContain(HAND_ENTERED_NOTICE);
    const report = await new HtmlValidate({
      extends: ["html-validate:standard"],
      rules: { "no-inline-style": "off", "unrecognized-char-ref": "off" },
    }).validateString(moderatorView);
    expect(report.results.flatMap((r) => r.messages.map((m) => m.message))).toEqual([]);
    const forged = await moderator.post(`/papers/${id}/details`, { ...correction, _csrf: "x" });
    expect(forged.status).toBe(403);
    const bad = await moderator.post(`/papers/${id}/details`, { ...correction, title: "ab" });
    expect(bad.status).toBe(400);
    expect((await paperRow("2101.00078")).title).toBe("A Title With A Typo In It");

    const anonymousBefore = await t.html(path);
    expect(anonymousBefore).toContain("A Title With A Typo In It");
    const saved = await moderator.post(`/papers/${id}/details`, correction);
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(path);
    const anonymousAfter = await t.html(path);
    expect(anonymousAfter).toContain("A Title Without A Typo");
    expect(anonymousAfter).toContain("Corrected Author");
    expect(anonymousAfter).toContain("corrected by a moderator");
    expect(anonymousAfter).not.toContain(HAND_ENTERED_NOTICE);

    // Still unconfirmed: the check keeps asking, and a service's record replaces the correction.
    arxivKnows.add("2101.00078");
    expect((await runCheck(hoursAfter(100))).confirmed).toBe(1);
    expect(await paperRow("2101.00078")).toMatchObject({
      title: SERVICE_TITLE,
      metadata_source: "service",
    });
    expect(await t.html(path)).not.toContain("corrected by a moderator");

    const confirmedPaper = await makePaper(t.db, { title: "Confirmed By A Service" });
    const onService = await moderator.post(`/papers/${confirmedPaper.id}/details`, correction);
    expect(onService.status).toBe(409);
    expect((await paperRow(confirmedPaper.arxiv)).title).toBe("Confirmed By A Service");
    expect((await moderator.post("/papers/999999/details", correction)).status).toBe(404);
  });
});

/** A form POST over a real connection, as the client's logged-in browser would send it. */
function postOverHttp(client: TestClient, path: string, fields: Record<string, string>) {
  return fetch(`${http.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: "http://localhost",
      Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    },
    body: new URLSearchParams({ _csrf: client.csrf() ?? "", ...fields }),
  });
}

describe("hand entry and its check under concurrency", () => {
  it("makes one paper when several people enter the same identifier at once", async () => {
    const clients = await Promise.all(Array.from({ length: 8 }, () => loggedIn()));
    for (const c of clients) await c.get("/papers/new?id=2101.00300");
    const responses = await Promise.all(
      clients.map((c, i) =>
        postOverHttp(c, "/papers/manual", {
          identifier: "2101.00300",
          title: `Entered at once, version ${i}`,
          authors: `Typist ${i}`,
          year: "",
          venue: "",
          abstract: "",
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(clients.map(() => 303));
    expect(new Set(responses.map((r) => r.headers.get("Location")))).toEqual(
      new Set(["/paper/arxiv/2101.00300"]),
    );
    const rows = await t.db
      .selectFrom("papers")
      .select(["id", "metadata_source"])
      .where("title", "like", "Entered at once%")
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.metadata_source).toBe("hand");
  });

  it("confirms each paper once when checks in several processes race a moderator", async () => {
    const ids = ["2101.00401", "2101.00402", "2101.00403", "2101.00404"];
    const details = parsePaperDetails({
      title: "Typed Before Any Check",
      authors: "Typed Author",
      year: "",
      venue: "",
      abstract: "",
    });
    for (const value of ids) await saveHandEnteredPaper(t.db, { scheme: "arxiv", value }, details);
    for (const value of ids) arxivKnows.add(value);
    const raced = await paperRow("2101.00404");
    const moderator = await loggedIn("moderator");
    await moderator.get(`/paper/arxiv/2101.00404`);
    const versionBefore = await contentVersion();

    const now = hoursAfter(200).toISOString();
    const [correction, ...reports] = await Promise.all([
      postOverHttp(moderator, `/papers/${raced.id}/details`, {
        title: "Corrected While Checks Ran",
        authors: "Moderated Author",
        year: "",
        venue: "",
        abstract: "",
      }),
      ...[1, 2, 3].map(() =>
        checkInAnotherProcess(t.testDb.url, `${arxiv.baseUrl}/api/query`, now),
      ),
    ]);
    const confirmed = reports.reduce((n, r) => n + r.confirmed, 0);
    for (const value of ids.slice(0, 3)) {
      const row = await paperRow(value);
      expect(row.metadata_source, value).toBe("service");
      expect(row.title, value).toBe(SERVICE_TITLE);
    }
    // The moderator first, or a check: either way the service's record ends up on the page
    // (it replaces a correction too), and each paper is confirmed exactly once.
    expect([303, 409]).toContain(correction.status);
    const last = await paperRow("2101.00404");
    expect(last.metadata_source).toBe("service");
    expect(last.title).toBe(SERVICE_TITLE);
    expect(confirmed).toBe(4);
    const identifiers = await t.db
      .selectFrom("paper_identifiers")
      .select("paper_id")
      .where("value", "in", ids)
      .execute();
    expect(identifiers).toHaveLength(4);
    expect(await contentVersion()).toBeGreaterThan(versionBefore);
  }, 60_000);
});

async function contentVersion(): Promise<number> {
  const row = await t.db.selectFrom("content_version").select("version").executeTakeFirstOrThrow();
  return row.version;
}
