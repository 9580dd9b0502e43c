import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { HAND_ENTERED_NOTICE } from "../../src/papers/paper-provenance.view";
import { createMetadataService } from "../../src/papers/resolvers/default-resolvers";
import { DEFAULT_MIN_INTERVALS, resolverConfig } from "../../src/papers/resolvers/resolver-config";
import {
  fixture,
  type ReplayServer,
  routes,
  startReplayServer,
} from "../fixtures/metadata/harness";
import { createClient } from "../helpers/client";
import { makeAccount, makePaper } from "../helpers/factories";
import { HeldClock, startHeldServer } from "../helpers/held-services";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let arxiv: ReplayServer;
let crossref: ReplayServer;

beforeAll(async () => {
  arxiv = await startReplayServer(
    routes([
      [
        /id_list=1706\.99999/,
        {
          body: fixture("arxiv_tex_title.xml"),
          headers: { "content-type": "application/atom+xml" },
        },
      ],
      [
        // A paper arXiv knows, for the attempt to hand-enter it with invented details.
        /id_list=1706\.03762/,
        {
          body: fixture("arxiv_tex_title.xml").replaceAll("1706.99999", "1706.03762"),
          headers: { "content-type": "application/atom+xml" },
        },
      ],
      [
        /./,
        { body: fixture("arxiv_empty.xml"), headers: { "content-type": "application/atom+xml" } },
      ],
    ]),
  );
  crossref = await startReplayServer(
    routes([[/./, { status: 503, body: "down for maintenance" }]]),
  );
  t = await createTestApp({
    metadataEndpoints: {
      arxiv: `${arxiv.baseUrl}/api/query`,
      crossref: `${crossref.baseUrl}/works`,
      semanticScholar: `${crossref.baseUrl}/graph/v1`,
    },
  });
});
afterAll(async () => {
  await t.close();
  await arxiv.close();
  await crossref.close();
});

async function sourceOf(arxivId: string): Promise<string | undefined> {
  const row = await t.db
    .selectFrom("paper_identifiers as i")
    .innerJoin("papers as p", "p.id", "i.paper_id")
    .select("p.metadata_source")
    .where("i.scheme", "=", "arxiv")
    .where("i.value", "=", arxivId)
    .executeTakeFirst();
  return row?.metadata_source;
}

/** POST /papers, then the status page it redirects to until the lookup settles. */
async function fetchPaper(client: ReturnType<typeof createClient>, identifier: string) {
  const started = await client.post("/papers", { identifier });
  expect(started.status).toBe(303);
  let location = started.headers.get("Location") ?? "";
  expect(location).toMatch(/^\/papers\/new\/status\?id=/);
  for (;;) {
    const res = await client.get(location);
    // The progress page reloads itself (at once; the server waits): as a browser would.
    const refresh = /http-equiv="refresh" content="0; url=([^"]+)"/.exec(await res.clone().text());
    if (res.status !== 200 || !refresh?.[1]) return res;
    location = refresh[1].replaceAll("&amp;", "&");
  }
}

async function loggedIn() {
  const acct = await makeAccount(t.db);
  const client = createClient(t);
  await client.submit("/login", "/login", { login: acct.username, password: acct.password });
  return client;
}

describe("any identifier or URL to a paper page", () => {
  it("sends a known paper's identifiers and URLs straight to its page", async () => {
    const paper = await makePaper(t.db, { arxiv: "1801.00001" });
    for (const q of [
      "1801.00001",
      "arXiv:1801.00001v2",
      "https://arxiv.org/pdf/1801.00001v1.pdf",
      "journals/corr/abs-1801-00001",
    ]) {
      const res = await t.get(`/lookup?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(302);
      expect(res.headers.get("Location"), q).toBe(`/paper/arxiv/${paper.arxiv}`);
    }
  });

  it("sends an unknown identifier to the page that explains it, keeps the add-paper page, and refuses garbage clearly", async () => {
    // `\cite{…}` links go through /lookup: readers get the explanation (unknown-paper.test.ts).
    const res = await t.get(`/lookup?q=${encodeURIComponent("https://doi.org/10.1234/ABC.5")}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/paper/doi/10.1234/abc.5");
    const page = await t.get("/papers/new?id=10.1234%2Fabc.5");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("10.1234/abc.5");
    const bad = await t.get("/lookup?q=just+some+words");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("not an identifier we know");
  });

  it("fetches a new paper's metadata, creates it, and lands on its page", async () => {
    const client = createClient(t);
    await client.get("/papers/new?id=1706.99999");
    const res = await fetchPaper(client, "1706.99999");
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/paper/arxiv/1706.99999");
    const html = await t.html("/paper/arxiv/1706.99999");
    expect(html).toContain("No summaries yet");
    const papers = await t.db
      .selectFrom("papers")
      .selectAll()
      .where("arxiv_version", "=", 3)
      .execute();
    expect(papers).toHaveLength(1);
    const requestsBefore = arxiv.requests.length;
    expect((await t.get("/lookup?q=1706.99999v1")).headers.get("Location")).toBe(
      "/paper/arxiv/1706.99999",
    );
    expect(arxiv.requests.length).toBe(requestsBefore);
  });

  it("tells the reader when a service cannot be reached, and creates nothing", async () => {
    const client = createClient(t);
    await client.get("/papers/new?id=10.9999%2Funreachable");
    const res = await fetchPaper(client, "10.9999/unreachable");
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain(
      "Crossref could not be reached, so we could not fetch the details of 10.9999/unreachable",
    );
    expect(html).not.toContain("HTTP 503");
    // Hand entry is offered when the service cannot be reached, as when it knows nothing.
    expect(html).toContain("Enter the paper by hand");
    const ids = await t.db
      .selectFrom("paper_identifiers")
      .select("value")
      .where("value", "=", "10.9999/unreachable")
      .execute();
    expect(ids).toEqual([]);
  });

  it("lets a logged-in user enter a paper no service knows by hand", async () => {
    const acct = await makeAccount(t.db);
    const client = createClient(t);
    await client.submit("/login", "/login", { login: acct.username, password: acct.password });
    await client.get("/papers/new?id=2012.00042");
    const unknown = await fetchPaper(client, "2012.00042");
    expect(unknown.status).toBe(404);
    const offered = await unknown.text();
    expect(offered).toContain("Enter the paper by hand");
    expect(offered).toContain("arXiv does not know 2012.00042");
    const saved = await client.post("/papers/manual", {
      identifier: "2012.00042",
      title: "A Paper Only We Know",
      authors: "Ada Example\nBo Sample",
      year: "2020",
      venue: "Proceedings of NeurIPS 2020",
      abstract: "",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe("/paper/arxiv/2012.00042");
    const html = await t.html("/paper/arxiv/2012.00042");
    expect(html).toContain("A Paper Only We Know");
    expect(html).toContain("Ada Example, Bo Sample");
    expect(html).toContain(HAND_ENTERED_NOTICE);
    // Typed-in details are not handed to citation managers as facts.
    expect(html).not.toContain('name="citation_title"');
    expect(await sourceOf("2012.00042")).toBe("hand");
    const anonymous = createClient(t);
    await anonymous.get("/login");
    const refused = await anonymous.post("/papers/manual", {
      identifier: "2012.00043",
      title: "Spam",
      authors: "X",
      year: "",
      venue: "",
      abstract: "",
    });
    expect(refused.status).toBe(403);
  });

  it("never lets typed details stand in for a paper a service knows", async () => {
    const client = await loggedIn();
    await client.get("/papers/new?id=1706.03762");
    // Straight to the hand-entry action, skipping the fetch, as an attacker would.
    const res = await client.post("/papers/manual", {
      identifier: "arXiv:1706.03762",
      title: "An Invented Title About Nothing",
      authors: "Mallory Inventor",
      year: "2017",
      venue: "",
      abstract: "Invented.",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/paper/arxiv/1706.03762");
    const html = await t.html("/paper/arxiv/1706.03762");
    expect(html).toContain("Schrödinger Bridges");
    expect(html).not.toContain("An Invented Title");
    expect(html).not.toContain("Mallory Inventor");
    expect(html).not.toContain(HAND_ENTERED_NOTICE);
    expect(await sourceOf("1706.03762")).toBe("service");
    const invented = await t.db
      .selectFrom("papers")
      .select("id")
      .where("title", "like", "%Invented%")
      .execute();
    expect(invented).toEqual([]);
    expect((await t.get("/lookup?q=1706.03762")).headers.get("Location")).toBe(
      "/paper/arxiv/1706.03762",
    );
  });

  it("lets a paper be entered by hand while its service cannot be reached, marked unconfirmed", async () => {
    const client = await loggedIn();
    await client.get("/papers/new?id=10.9999%2Foutage.7");
    const res = await client.post("/papers/manual", {
      identifier: "10.9999/outage.7",
      title: "Written During An Outage",
      authors: "Ada Example",
      year: "2024",
      venue: "",
      abstract: "",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/paper/doi/10.9999/outage.7");
    const html = await t.html("/paper/doi/10.9999/outage.7");
    expect(html).toContain("Written During An Outage");
    expect(html).toContain(HAND_ENTERED_NOTICE);
  });

  it("refuses bad typed details clearly and stores nothing", async () => {
    const client = await loggedIn();
    await client.get("/papers/new?id=2012.00099");
    for (const [fields, message] of [
      [{ title: "ab", authors: "A" }, "title"],
      [{ title: "A fine title", authors: " \n ; " }, "at least one author"],
      [{ title: "A fine title", authors: "A", year: "20x4" }, "year"],
      [{ title: "A fine title", authors: "A", year: "3024" }, "year"],
    ] as const) {
      const res = await client.post("/papers/manual", {
        identifier: "2012.00099",
        year: "",
        venue: "",
        abstract: "",
        ...fields,
      });
      expect(res.status, message).toBe(400);
      expect(await res.text(), message).toContain(message);
    }
    expect(await sourceOf("2012.00099")).toBeUndefined();
  });
});

describe("hand entry while our own queue for a service is full", () => {
  it("stores nothing and asks to try again in a minute, then the service's record wins", async () => {
    const known = "1706.99998";
    const held = await startHeldServer((url) => ({
      body: url.includes(known)
        ? fixture("arxiv_tex_title.xml").replaceAll("1706.99999", known)
        : fixture("arxiv_empty.xml"),
      headers: { "content-type": "application/atom+xml" },
    }));
    const clock = new HeldClock();
    // arXiv's real politeness gap (3 s) and total budget (20 s): about 7 lookups fit the queue.
    const metadata = createMetadataService(
      t.db,
      {
        ...resolverConfig(t.deps.config),
        timeoutMs: 60_000,
        endpoints: {
          ...resolverConfig(t.deps.config).endpoints,
          arxiv: `${held.baseUrl}/api/query`,
        },
        minIntervalMs: { ...DEFAULT_MIN_INTERVALS },
      },
      { clock },
    );
    const app = createApp({ ...t.deps, metadata }, { pageCacheRevalidateMs: 0 });
    const queued: TestApp = { ...t, app: app.app, fetch: app.fetch };
    try {
      const acct = await makeAccount(t.db);
      const client = createClient(queued);
      await client.submit("/login", "/login", { login: acct.username, password: acct.password });
      await client.get(`/papers/new?id=${known}`);
      const typed = (identifier: string) => ({
        identifier,
        title: "A Made Up Title For A Real Paper",
        authors: "Mallory Queue",
        year: "",
        venue: "",
        abstract: "",
      });
      // One account fills arXiv's queue: one lookup in flight, six waiting for their slot.
      const fillers = [1, 2, 3, 4, 5, 6, 7].map((n) =>
        client.post("/papers/manual", typed(`2102.0010${n}`)),
      );
      await held.arrived(1);
      await clock.waiting(6);

      const refused = await client.post("/papers/manual", typed(`arXiv:${known}`));
      expect(refused.status).toBe(503);
      expect(refused.headers.get("Retry-After")).toBe("60");
      expect(await refused.text()).toContain("try again in a minute");
      const fetchRefused = await fetchPaper(client, known);
      expect(fetchRefused.status).toBe(503);
      expect(fetchRefused.headers.get("Retry-After")).toBe("60");
      expect(await fetchRefused.text()).not.toContain("Enter the paper by hand");
      expect(await sourceOf(known)).toBeUndefined();
      expect(held.urls.filter((u) => u.includes(known))).toEqual([]);

      clock.release();
      held.release();
      // arXiv knows none of the fillers: a real "not found", so they may be typed in.
      expect((await Promise.all(fillers)).map((r) => r.status)).toEqual(fillers.map(() => 303));
      clock.advance(3_600_000);
      const retried = await client.post("/papers/manual", typed(known));
      expect(retried.status).toBe(303);
      expect(retried.headers.get("Location")).toBe(`/paper/arxiv/${known}`);
      expect(await sourceOf(known)).toBe("service");
      const html = await t.html(`/paper/arxiv/${known}`);
      expect(html).toContain("Schrödinger Bridges");
      expect(html).not.toContain("Made Up Title");
    } finally {
      clock.release();
      held.release();
      await app.close();
      await held.close();
    }
  });
});
