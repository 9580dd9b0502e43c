import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fixture,
  type ReplayServer,
  routes,
  startReplayServer,
} from "../fixtures/metadata/harness";
import { createClient } from "../helpers/client";
import { makeAccount, makePaper } from "../helpers/factories";
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

  it("sends an unknown identifier to the add-paper page with it filled in, and refuses garbage clearly", async () => {
    const res = await t.get(`/lookup?q=${encodeURIComponent("https://doi.org/10.1234/ABC.5")}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/papers/new?id=10.1234%2Fabc.5");
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
    const res = await client.post("/papers", { identifier: "1706.99999" });
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
    const res = await client.post("/papers", { identifier: "10.9999/unreachable" });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("try again");
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
    const unknown = await client.post("/papers", { identifier: "2012.00042" });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("Enter the paper by hand");
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
});
