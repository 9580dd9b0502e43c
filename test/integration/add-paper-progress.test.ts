// Adding a paper shows progress and always ends somewhere useful (issue 10, point 1): the
// status page says what is asked of whom, then leads to the paper, or says in one plain
// sentence why not and offers the hand form filled in with the identifier. Services are
// replay servers, a held server (a lookup caught in flight) and a closed port.

import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, type ReplayServer, startReplayServer } from "../fixtures/metadata/harness";
import { appWithServices, closedPort, REFRESH, settle } from "../helpers/add-paper-flow";
import { createClient, type TestClient } from "../helpers/client";
import { makeAccount } from "../helpers/factories";
import { startHeldServer } from "../helpers/held-services";
import { createTestApp, type TestApp } from "../helpers/test-app";

const ATOM = { "content-type": "application/atom+xml" };
const RAW_CODES = /ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|HTTP 5\d\d/;

let t: TestApp;
let arxiv: ReplayServer;
let hanging: ReplayServer;

beforeAll(async () => {
  arxiv = await startReplayServer((request) => {
    const known = /id_list=(2301\.0000[1-3])/.exec(request.url)?.[1];
    return known
      ? { body: fixture("arxiv_tex_title.xml").replaceAll("1706.99999", known), headers: ATOM }
      : { body: fixture("arxiv_empty.xml"), headers: ATOM };
  });
  hanging = await startReplayServer(() => ({ hang: true }));
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
  await arxiv.close();
  await hanging.close();
});

async function confirmedUser(app: TestApp, verified = true): Promise<TestClient> {
  const acct = await makeAccount(t.db, { verified });
  const client = createClient(app);
  const res = await client.submit("/login", "/login", {
    login: acct.username,
    password: acct.password,
  });
  expect(res.status).toBe(303);
  return client;
}

const validator = new HtmlValidate({ extends: ["html-validate:standard"] });
async function expectValid(html: string) {
  const report = await validator.validateString(html);
  expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual(
    [],
  );
}

const count = (html: string, text: string) => html.split(text).length - 1;

async function papersWith(value: string): Promise<number> {
  const rows = await t.db
    .selectFrom("paper_identifiers")
    .select("paper_id")
    .where("value", "=", value)
    .execute();
  return rows.length;
}

describe("the status page after 'Fetch its details'", () => {
  it("lands on the new paper when the service knows it", async () => {
    const { app, close } = await appWithServices(t, { arxiv: `${arxiv.baseUrl}/api/query` });
    try {
      const client = createClient(app);
      await client.get("/papers/new?id=2301.00001");
      const res = await settle(client, "2301.00001");
      expect(res.status).toBe(303);
      expect(res.headers.get("Location")).toBe("/paper/arxiv/2301.00001");
      expect(await papersWith("2301.00001")).toBe(1);
    } finally {
      await close();
    }
  });

  it("says a service does not know the paper and offers the hand form, filled in", async () => {
    const { app, close } = await appWithServices(t, { arxiv: `${arxiv.baseUrl}/api/query` });
    try {
      const client = await confirmedUser(app);
      await client.get("/papers/new?id=2301.00009");
      const res = await settle(client, "2301.00009");
      expect(res.status).toBe(404);
      const html = await res.text();
      const sentence =
        "arXiv does not know 2301.00009, so you can enter its details by hand below.";
      expect(count(html, sentence)).toBe(1);
      expect(html).toContain('name="identifier" type="text" value="2301.00009"');
      expect(html).toContain('action="/papers/manual"');
      expect(await papersWith("2301.00009")).toBe(0);
    } finally {
      await close();
    }
  });

  it("says in one sentence that a service refused the connection, and offers the hand form", async () => {
    const refused = `http://127.0.0.1:${await closedPort()}/api/query`;
    const { app, close } = await appWithServices(t, { arxiv: refused });
    try {
      const client = await confirmedUser(app);
      await client.get("/papers/new?id=2301.00011");
      const res = await settle(client, "2301.00011");
      expect(res.status).toBe(503);
      const html = await res.text();
      expect(
        count(
          html,
          "arXiv could not be reached, so we could not fetch the details of 2301.00011: you can enter them by hand below, or try again later.",
        ),
      ).toBe(1);
      expect(count(html, "could not be reached")).toBe(1);
      expect(html).not.toMatch(RAW_CODES);
      expect(html).toContain('name="identifier" type="text" value="2301.00011"');
      await expectValid(html);
      expect(html).toContain("Try fetching again");
      // The hand entry is saved at once: the failure was just shown, it is not waited for again.
      const saved = await client.post("/papers/manual", {
        identifier: "2301.00011",
        title: "Typed While arXiv Was Away",
        authors: "Ada Example",
        year: "",
        venue: "",
        abstract: "",
      });
      expect(saved.status).toBe(303);
      expect(saved.headers.get("Location")).toBe("/paper/arxiv/2301.00011");
    } finally {
      await close();
    }
  });

  it("says a slow service did not answer in time; the hand entry does not ask it again", async () => {
    const { app, close } = await appWithServices(t, { arxiv: `${hanging.baseUrl}/api/query` }, 300);
    try {
      const client = await confirmedUser(app);
      await client.get("/papers/new?id=2301.00012");
      const res = await settle(client, "2301.00012");
      expect(res.status).toBe(503);
      const html = await res.text();
      expect(
        count(
          html,
          "arXiv did not answer in time, so we could not fetch the details of 2301.00012: you can enter them by hand below, or try again later.",
        ),
      ).toBe(1);
      expect(html).not.toMatch(RAW_CODES);
      expect(html).not.toContain("0.3 s");
      expect(html).toContain('name="identifier" type="text" value="2301.00012"');
      const asked = hanging.requests.length;
      expect(asked).toBe(1);
      const saved = await client.post("/papers/manual", {
        identifier: "2301.00012",
        title: "Typed While arXiv Was Slow",
        authors: "Ada Example",
        year: "",
        venue: "",
        abstract: "",
      });
      expect(saved.status).toBe(303);
      expect(hanging.requests.length).toBe(asked);
      const page = await t.html("/paper/arxiv/2301.00012");
      expect(page).toContain("Typed While arXiv Was Slow");
      expect(page).toContain("entered by hand");
    } finally {
      await close();
    }
  });

  it("offers no form to an anonymous or unconfirmed reader, and says what to do", async () => {
    const refused = `http://127.0.0.1:${await closedPort()}/api/query`;
    const { app, close } = await appWithServices(t, { arxiv: refused });
    try {
      const anonymous = createClient(app);
      await anonymous.get("/papers/new?id=2301.00013");
      const first = await (await settle(anonymous, "2301.00013")).text();
      expect(first).not.toContain('action="/papers/manual"');
      expect(first).toContain('<a href="/login">Log in</a> to enter it by hand');
      const unconfirmed = await confirmedUser(app, false);
      await unconfirmed.get("/papers/new?id=2301.00013");
      const second = await (await settle(unconfirmed, "2301.00013")).text();
      expect(second).not.toContain('action="/papers/manual"');
      expect(second).toContain("Confirm your e-mail address to enter it by hand");
    } finally {
      await close();
    }
  });
});

describe("while the lookup runs", () => {
  it("says what is asked of whom, reloads itself at once, and goes on to the paper", async () => {
    const held = await startHeldServer(() => ({
      body: fixture("arxiv_tex_title.xml").replaceAll("1706.99999", "2301.00003"),
      headers: ATOM,
    }));
    const { app, close } = await appWithServices(t, { arxiv: `${held.baseUrl}/api/query` });
    try {
      const client = createClient(app);
      await client.get("/papers/new?id=2301.00003");
      const started = await client.post("/papers", { identifier: "2301.00003" });
      expect(started.status).toBe(303);
      expect(started.headers.get("Location")).toBe("/papers/new/status?id=2301.00003");
      await held.arrived(1);
      const progress = await client.get("/papers/new/status?id=2301.00003");
      expect(progress.status).toBe(200);
      expect(progress.headers.get("Cache-Control")).toContain("no-store");
      const html = await progress.text();
      expect(html).toContain("Asking arXiv for 2301.00003…");
      expect(REFRESH.exec(html)?.[1]).toBe("/papers/new/status?id=2301.00003&amp;poll=1");
      expect(html).toContain(
        '<a href="/papers/new/status?id=2301.00003&amp;poll=1">Check again</a>',
      );
      expect(html).not.toContain("<script");
      await expectValid(html);
      held.release();
      const done = await client.get("/papers/new/status?id=2301.00003&poll=1");
      expect(done.status).toBe(303);
      expect(done.headers.get("Location")).toBe("/paper/arxiv/2301.00003");
    } finally {
      held.release();
      await close();
      await held.close();
    }
  });

  it("names every service a DOI is asked of, in turn", async () => {
    const held = await startHeldServer(() => ({ status: 404, body: "{}" }));
    const { app, close } = await appWithServices(t, {
      crossref: `${held.baseUrl}/works`,
      semanticScholar: `${held.baseUrl}/graph/v1`,
    });
    try {
      const client = createClient(app);
      await client.get("/papers/new?id=10.5555%2Fheld.1");
      await client.post("/papers", { identifier: "10.5555/held.1" });
      await held.arrived(1);
      const html = await (await client.get("/papers/new/status?id=10.5555%2Fheld.1")).text();
      expect(html).toContain("Asking Crossref, then Semantic Scholar for 10.5555/held.1…");
      held.release();
      const res = await settle(client, "10.5555/held.1");
      expect(res.status).toBe(404);
      expect(await res.text()).toContain(
        "Neither Crossref nor Semantic Scholar knows 10.5555/held.1, so you can enter its details by hand below.",
      );
    } finally {
      held.release();
      await close();
      await held.close();
    }
  });

  it("offers to fetch when no lookup of the identifier is running, and refuses garbage", async () => {
    const client = createClient(t);
    const res = await client.get("/papers/new/status?id=2301.00020");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Nobody is fetching 2301.00020 just now");
    expect(html).toContain("Fetch its details and add it");
    expect(REFRESH.test(html)).toBe(false);
    const bad = await client.get("/papers/new/status?id=not+an+id");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("not an identifier we know");
    // The test app's services are switched off: the fetch ends on the hand form.
    expect((await settle(client, "2301.00020")).status).toBe(503);
  });
});
