import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { knownVenueAliases } from "../../src/papers/venue-names";
import { KNOWN_VENUES } from "../../src/papers/venue-table";
import { ensureVenues } from "../../src/papers/venues.repo";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await ensureVenues(
    t.db,
    KNOWN_VENUES.map((v) => ({ key: v.key, name: v.name })),
  );
  await ensureVenues(t.db, [{ key: "some-workshop", name: "Some Workshop" }]);
});
afterAll(async () => {
  await t.close();
});

describe("venue aliases", () => {
  it("/venue/neurips is the NeurIPS page, by 301", async () => {
    const res = await t.get("/venue/neurips");
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe("/venue/nips");
    const page = await t.get("/venue/nips");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<h1>NeurIPS</h1>");
  });

  it("resolves every alias of the table, in any case, with 301 to a page that is there", async () => {
    const aliases = knownVenueAliases();
    // Each venue: its key, display name, acronyms, names and DBLP stream are all aliases.
    expect(aliases.length).toBeGreaterThan(KNOWN_VENUES.length * 2);
    for (const { alias, key } of aliases) {
      for (const spelled of new Set([alias, alias.toUpperCase()])) {
        const res = await t.get(`/venue/${encodeURIComponent(spelled)}`);
        if (spelled === key) {
          expect(res.status, spelled).toBe(200);
          continue;
        }
        expect(res.status, spelled).toBe(301);
        expect(res.headers.get("Location"), spelled).toBe(`/venue/${encodeURIComponent(key)}`);
      }
    }
    for (const v of KNOWN_VENUES) {
      expect((await t.get(`/venue/${encodeURIComponent(v.key)}`)).status, v.key).toBe(200);
    }
  });

  it("knows a venue by its display name and its full names", async () => {
    for (const [path, key] of [
      ["/venue/NeurIPS", "nips"],
      ["/venue/advances-in-neural-information-processing-systems", "nips"],
      ["/venue/Neural%20Information%20Processing%20Systems", "nips"],
      ["/venue/the-web-conference-www", "www"],
      ["/venue/tpami", "pami"],
    ] as const) {
      const res = await t.get(path);
      expect(res.status, path).toBe(301);
      expect(res.headers.get("Location"), path).toBe(`/venue/${key}`);
    }
  });

  it("keeps the query (the year) across the redirect", async () => {
    const res = await t.get("/venue/NeurIPS?year=2017");
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe("/venue/nips?year=2017");
  });

  it("sends other venues' capitalised addresses to the lower-case key", async () => {
    const res = await t.get("/venue/Some-Workshop");
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe("/venue/some-workshop");
    expect((await t.get("/venue/some-workshop")).status).toBe(200);
  });

  it("the original's /venue?key= goes to the canonical address in one step", async () => {
    const res = await t.get("/venue?key=NeurIPS&year=2017");
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe("/venue/nips?year=2017");
  });

  it("an unknown venue is still a 404", async () => {
    expect((await t.get("/venue/no-such-venue")).status).toBe(404);
    expect((await t.get("/venue/No-Such-Venue")).status).toBe(301);
  });

  it("offers the venue's RSS and Atom feeds in its head", async () => {
    const html = await t.html("/venue/nips");
    expect(html).toContain(
      '<link rel="alternate" type="application/rss+xml" title="Summaries of NeurIPS papers (RSS)" href="/feeds/rss/venue/nips"/>',
    );
    expect(html).toContain('type="application/atom+xml"');
    expect(html).toContain('href="/feeds/atom/venue/nips"');
  });
});
