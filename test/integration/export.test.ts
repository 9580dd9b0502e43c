import { parse as parseCsvSync } from "csv-parse/sync";
// "Export my summaries" (issue 10 point 9): CSV read back by a real CSV parser (Python's csv
// module), zip read back by fflate with each file's front matter; only for the owner. On
// SQLite and, with TEST_DATABASE_URL, PostgreSQL.

import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_BATCH_SUMMARIES } from "../../src/core/limits";
import { createClient, type TestClient } from "../helpers/client";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let owner: TestClient;
let ownerName: string;
/** The owner's summaries as written, newest first. */
const written: {
  id: number;
  source: string;
  title: string;
  arxiv: string;
  isPrivate: boolean;
  isAnonymous: boolean;
}[] = [];

const TRICKY = 'Commas, "quotes", a line\nbreak, $\\frac{a}{b}$, ünïcödé and a trailing CR\r\n';

beforeAll(async () => {
  t = await createTestApp();
  const s = await sessionClient(t);
  owner = s.client;
  ownerName = s.account.username;
  // More than one batch, so the stream's paging is read across its seams.
  const count = EXPORT_BATCH_SUMMARIES + 3;
  for (let i = 0; i < count; i++) {
    const title = `Paper "${i}", of tests: #${i}`;
    const paper = await makePaper(t.db, { title });
    const flags = { isPrivate: i % 5 === 1, isAnonymous: i % 5 === 2 };
    const source = i === 0 ? TRICKY : `Summary ${i} of the paper, with $x^${i}$.`;
    const id = await makeSummary(t.db, paper.id, s.account.id, { source, ...flags });
    // Distinct creation times, a second apart, in writing order.
    const created = new Date(Date.parse("2024-01-01T00:00:00Z") + i * 1000).toISOString();
    await t.db
      .updateTable("summaries")
      .set({ created_at: created, updated_at: created })
      .where("id", "=", id)
      .execute();
    written.unshift({ id, source, title, arxiv: paper.arxiv, ...flags });
  }
  // Someone else's summary of the same kind of paper is in no export of the owner.
  const other = await makeUser(t.db);
  await makeSummary(t.db, (await makePaper(t.db)).id, other.id, { source: "notmine-marker" });
});
afterAll(async () => {
  await t.close();
});

/** Parses CSV with csv-parse (RFC 4180): a parser that is not ours. */
function parseCsv(text: string): string[][] {
  return parseCsvSync(text, { relaxQuotes: false, bom: true }) as string[][];
}

/** Front matter as written: `key: value`, each value a YAML scalar in JSON syntax. */
function frontMatter(text: string): { meta: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!m) throw new Error("no front matter");
  const meta: Record<string, unknown> = {};
  for (const line of (m[1] ?? "").split("\n")) {
    const at = line.indexOf(": ");
    meta[line.slice(0, at)] = JSON.parse(line.slice(at + 2));
  }
  return { meta, body: text.slice(m[0].length) };
}

const titleOf = (i: number) => written[i]?.title;

describe("export as CSV", () => {
  it("holds every summary of the owner, newest first, readable by a CSV parser", async () => {
    const res = await owner.get(`/user/${ownerName}/export.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(res.headers.get("Content-Disposition")).toBe(
      `attachment; filename="shortscience-${ownerName}-summaries.csv"`,
    );
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual(["paper", "title", "text"]);
    expect(rows.slice(1)).toEqual(
      written.map((w, i) => [`arXiv:${w.arxiv}`, titleOf(i), w.source]),
    );
  });
});

describe("export as zip", () => {
  it("holds one Markdown file per summary with its front matter", async () => {
    const res = await owner.get(`/user/${ownerName}/export.zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/zip");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(res.headers.get("Content-Disposition")).toBe(
      `attachment; filename="shortscience-${ownerName}-summaries.zip"`,
    );
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const names = Object.keys(files);
    expect(names).toHaveLength(written.length);
    const shares = new Map(
      (await t.db.selectFrom("summaries").select(["id", "share_token"]).execute()).map((r) => [
        r.id,
        r.share_token,
      ]),
    );
    names.forEach((name, i) => {
      const w = written[i];
      if (!w) throw new Error("more files than summaries");
      expect(name).toBe(`2024-01-01-arXiv_${w.arxiv}-${w.id}.md`);
      const { meta, body } = frontMatter(new TextDecoder().decode(files[name]));
      expect(body).toBe(`${w.source}\n`);
      const created = new Date(
        Date.parse("2024-01-01T00:00:00Z") + (written.length - 1 - i) * 1000,
      ).toISOString();
      expect(meta).toEqual({
        title: w.title,
        paper: `arXiv:${w.arxiv}`,
        paper_url: `http://localhost/paper/arxiv/${w.arxiv}`,
        url: w.isPrivate
          ? `http://localhost/shared/${shares.get(w.id)}`
          : `http://localhost/summary/${w.id}`,
        created,
        updated: created,
        private: w.isPrivate,
        anonymous: w.isAnonymous,
      });
    });
    expect(written.some((w) => w.isPrivate) && written.some((w) => w.isAnonymous)).toBe(true);
  });

  it("answers parallel requests with the same complete file", async () => {
    const bodies = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const res = await owner.get(`/user/${ownerName}/export.${i % 2 ? "zip" : "csv"}`);
        expect(res.status).toBe(200);
        return new Uint8Array(await res.arrayBuffer());
      }),
    );
    for (const body of bodies.slice(2)) {
      expect(body).toEqual(bodies[bodies.indexOf(body) % 2]);
    }
    expect(Object.keys(unzipSync(bodies[1] ?? new Uint8Array()))).toHaveLength(written.length);
  });
});

describe("who may export", () => {
  it("another user gets a 403, for both formats, with nothing of the owner's", async () => {
    const { client: other } = await sessionClient(t);
    for (const ext of ["csv", "zip"]) {
      const res = await other.get(`/user/${ownerName}/export.${ext}`);
      expect(res.status).toBe(403);
      expect(res.headers.get("Content-Disposition")).toBeNull();
      expect(await res.text()).not.toContain("Summary 1 of the paper");
    }
  });

  it("an anonymous reader goes to the login page, which returns to the export", async () => {
    const anon = createClient(t);
    for (const ext of ["csv", "zip"]) {
      const res = await anon.get(`/user/${ownerName}/export.${ext}`);
      expect(res.status).toBe(303);
      const location = res.headers.get("Location") ?? "";
      expect(location).toBe(
        `/login?next=${encodeURIComponent(`/user/${ownerName}/export.${ext}`)}`,
      );
      const login = await anon.get(location);
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('name="password"');
    }
  });

  it("an owner with no summaries gets an empty CSV (its header) and an empty zip", async () => {
    const { client, account } = await sessionClient(t);
    const csv = await client.get(`/user/${account.username}/export.csv`);
    expect(parseCsv(await csv.text())).toEqual([["paper", "title", "text"]]);
    const zip = await client.get(`/user/${account.username}/export.zip`);
    expect(unzipSync(new Uint8Array(await zip.arrayBuffer()))).toEqual({});
  });
});
