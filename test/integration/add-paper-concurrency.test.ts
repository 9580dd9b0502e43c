// Lookups of new papers stay bounded (issue 10, point 1): parallel posts of one identifier
// make one lookup and one paper, one client starts at most its rate limit's worth, and a
// process holds at most a bounded table of lookups. On SQLite and PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATE_LIMITS } from "../../src/core/limits";
import { LookupBusyError } from "../../src/papers/add-paper.service";
import { parsePaperId } from "../../src/papers/ids";
import { PaperLookups } from "../../src/papers/paper-lookups.service";
import { fixture, type ReplayServer, startReplayServer } from "../fixtures/metadata/harness";
import { appWithServices, settle } from "../helpers/add-paper-flow";
import { createClient } from "../helpers/client";
import { startHeldServer } from "../helpers/held-services";
import { createTestApp, type TestApp } from "../helpers/test-app";

const ATOM = { "content-type": "application/atom+xml" };

let t: TestApp;
let empty: ReplayServer;

beforeAll(async () => {
  empty = await startReplayServer(() => ({ body: fixture("arxiv_empty.xml"), headers: ATOM }));
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
  await empty.close();
});

const id = (text: string) => {
  const parsed = parsePaperId(text);
  if (!parsed) throw new Error(text);
  return parsed;
};

describe("parallel requests to add a paper", () => {
  it("make one lookup and one paper when many people fetch the same identifier", async () => {
    const held = await startHeldServer(() => ({
      body: fixture("arxiv_tex_title.xml").replaceAll("1706.99999", "2302.00001"),
      headers: ATOM,
    }));
    const { app, close } = await appWithServices(t, { arxiv: `${held.baseUrl}/api/query` });
    try {
      const clients = Array.from({ length: 8 }, () => createClient(app));
      for (const c of clients) await c.get("/papers/new?id=2302.00001");
      const posts = await Promise.all(
        clients.map((c) => c.post("/papers", { identifier: "arXiv:2302.00001" })),
      );
      expect(posts.map((r) => r.status)).toEqual(clients.map(() => 303));
      await held.arrived(1);
      held.release();
      const landed = await Promise.all(clients.map((c) => settle(c, "2302.00001")));
      expect(landed.map((r) => r.headers.get("Location"))).toEqual(
        clients.map(() => "/paper/arxiv/2302.00001"),
      );
      expect(held.urls.filter((u) => u.includes("2302.00001"))).toHaveLength(1);
      const rows = await t.db
        .selectFrom("paper_identifiers")
        .select("paper_id")
        .where("scheme", "=", "arxiv")
        .where("value", "=", "2302.00001")
        .execute();
      expect(rows).toHaveLength(1);
    } finally {
      held.release();
      await close();
      await held.close();
    }
  });

  it("let one client start at most its rate limit's worth of lookups, even at once", async () => {
    const { app, close } = await appWithServices(t, { arxiv: `${empty.baseUrl}/api/query` });
    try {
      const { max } = RATE_LIMITS.paperLookupPerIp;
      const client = createClient(app, { ip: "198.51.100.77" });
      await client.get("/papers/new?id=2302.00100");
      const ids = Array.from(
        { length: max + 5 },
        (_, n) => `2302.${String(200 + n).padStart(5, "0")}`,
      );
      const asked = empty.requests.length;
      const posts = await Promise.all(ids.map((i) => client.post("/papers", { identifier: i })));
      const statuses = posts.map((r) => r.status);
      expect(statuses.filter((s) => s === 303)).toHaveLength(max);
      expect(statuses.filter((s) => s === 429)).toHaveLength(5);
      const refused = posts.find((r) => r.status === 429);
      expect(await refused?.text()).toMatch(/too many|try again/i);
      // Each refused post started nothing: only the allowed lookups reach the service.
      const started = ids.filter((_, n) => statuses[n] === 303);
      for (const i of started) {
        let res = await client.get(`/papers/new/status?id=${i}`);
        while (res.status === 200) res = await client.get(`/papers/new/status?id=${i}&poll=1`);
        expect(res.status).toBe(404);
      }
      expect(empty.requests.length - asked).toBe(max);
    } finally {
      await close();
    }
  });
});

describe("the table of running lookups", () => {
  it("refuses a new lookup when full of running ones, and makes room from settled ones", async () => {
    const held = await startHeldServer(() => ({ body: fixture("arxiv_empty.xml"), headers: ATOM }));
    const { app, close } = await appWithServices(t, { arxiv: `${held.baseUrl}/api/query` });
    try {
      const lookups = new PaperLookups({ db: t.db, metadata: app.deps.metadata }, { maxJobs: 2 });
      await Promise.all([
        lookups.start(id("2302.00301"), "203.0.113.1"),
        lookups.start(id("2302.00302"), "203.0.113.2"),
      ]);
      // Joining a running lookup takes no room.
      await lookups.start(id("2302.00301"), "203.0.113.3");
      await expect(lookups.start(id("2302.00303"), "203.0.113.4")).rejects.toBeInstanceOf(
        LookupBusyError,
      );
      await held.arrived(2);
      held.release();
      expect((await lookups.wait(id("2302.00301"), 10_000))?.status).toBe("not_found");
      expect((await lookups.wait(id("2302.00302"), 10_000))?.status).toBe("not_found");
      await lookups.start(id("2302.00303"), "203.0.113.4");
      expect((await lookups.wait(id("2302.00303"), 10_000))?.status).toBe("not_found");
      expect(held.urls).toHaveLength(3);
    } finally {
      held.release();
      await close();
      await held.close();
    }
  });
});
