import { parse } from "@retorquere/bibtex-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(async () => {
  await t.close();
});

describe("GET /cite/bibtex/…", () => {
  it("gives a parseable @inproceedings entry for the RevNet demo paper", async () => {
    const res = await t.get("/cite/bibtex/arxiv/1707.04585");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-bibtex; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'inline; filename="gomez2017reversible.bib"',
    );
    const lib = parse(await res.text(), { english: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries).toHaveLength(1);
    const e = lib.entries[0];
    expect(e?.type).toBe("inproceedings");
    expect(e?.key).toBe("gomez2017reversible");
    expect(e?.fields.title).toBe(
      "The Reversible Residual Network: Backpropagation Without Storing Activations",
    );
    expect(e?.fields.author?.map((a) => [a.lastName, a.firstName])).toEqual([
      ["Gomez", "Aidan N."],
      ["Ren", "Mengye"],
      ["Urtasun", "Raquel"],
      ["Grosse", "Roger B."],
    ]);
    expect(e?.fields.year).toBe("2017");
    expect(e?.fields.booktitle).toBe("NeurIPS");
    expect(e?.fields.eprint).toBe("1707.04585");
    expect(e?.fields.archiveprefix).toBe("arXiv");
    expect(e?.fields.doi).toBe("10.48550/arxiv.1707.04585");
    // The demo paper's categories are "cs.CV cs.LG": the first is the primary one.
    expect(e?.fields.primaryclass).toBe("cs.CV");
  });

  it("takes the primary class from each paper's own categories", async () => {
    const res = await t.get("/cite/bibtex/arxiv/1905.02175");
    const e = parse(await res.text(), { english: false }).entries[0];
    expect(e?.fields.primaryclass).toBe("stat.ML");
  });

  it("redirects a versioned or non-canonical identifier to the canonical cite URL", async () => {
    for (const path of [
      "/cite/bibtex/arxiv/1707.04585v1",
      "/cite/bibtex/arxiv/arXiv:1707.04585",
      "/cite/bibtex/doi/https://arxiv.org/abs/1707.04585",
    ]) {
      const res = await t.get(path);
      expect(res.status, path).toBe(301);
      expect(res.headers.get("location"), path).toBe("/cite/bibtex/arxiv/1707.04585");
    }
    const ris = await t.get("/cite/ris/arxiv/1707.04585v1");
    expect(ris.status).toBe(301);
    expect(ris.headers.get("location")).toBe("/cite/ris/arxiv/1707.04585");
  });

  it("answers 404 in the site's style for an unknown paper or format", async () => {
    const res = await t.get("/cite/bibtex/arxiv/2101.00001");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("That paper was not found.");
    const json = await t.get("/cite/bibtex/arxiv/2101.00001", { Accept: "application/json" });
    expect(await json.json()).toEqual({
      error: { code: "not_found", message: "That paper was not found." },
    });
    expect((await t.get("/cite/endnote/arxiv/1707.04585")).status).toBe(404);
    expect((await t.get("/cite/toString/arxiv/1707.04585")).status).toBe(404);
  });
});

describe("GET /cite/ris/…", () => {
  it("gives RIS with CRLF lines for the same paper", async () => {
    const res = await t.get("/cite/ris/arxiv/1707.04585");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/x-research-info-systems; charset=utf-8",
    );
    expect(res.headers.get("content-disposition")).toBe(
      'inline; filename="gomez2017reversible.ris"',
    );
    const text = await res.text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("TY  - CPAPER");
    expect(lines).toContain(
      "TI  - The Reversible Residual Network: Backpropagation Without Storing Activations",
    );
    expect(lines.filter((l) => l.startsWith("AU  - "))).toEqual([
      "AU  - Gomez, Aidan N.",
      "AU  - Ren, Mengye",
      "AU  - Urtasun, Raquel",
      "AU  - Grosse, Roger B.",
    ]);
    expect(lines).toContain("PY  - 2017");
    expect(lines).toContain("T2  - NeurIPS");
    expect(lines).toContain("N1  - arXiv:1707.04585 [cs.CV]");
    expect(lines.at(-2)).toBe("ER  - ");
    expect(lines.at(-1)).toBe("");
  });
});
