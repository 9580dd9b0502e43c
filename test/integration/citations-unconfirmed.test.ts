// A hand-entered paper's page says its details are unconfirmed and offers no citation meta
// tags; its BibTeX and RIS exports say so too, in a note a citation manager keeps.

import { parse } from "@retorquere/bibtex-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveHandEnteredPaper } from "../../src/papers/hand-entered.service";
import { parsePaperDetails } from "../../src/papers/paper-details";
import { makePaper } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

const NOTE = "Details entered by hand, not yet confirmed by a metadata service";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function cite(format: "bibtex" | "ris", paperPath: string): Promise<string> {
  const res = await t.get(`/cite/${format}${paperPath.slice("/paper".length)}`);
  expect(res.status).toBe(200);
  return res.text();
}

describe("citation exports of a hand-entered paper", () => {
  it("carry a note that the typed details are unconfirmed, and stay valid", async () => {
    const path = await saveHandEnteredPaper(
      t.db,
      { scheme: "arxiv", value: "2101.00099" },
      parsePaperDetails({
        title: "Typed Title & {Braces} 100%",
        authors: "Typed Author\nSecond Typist",
        year: "2020",
        venue: "",
        abstract: "",
      }),
    );
    expect(path).toBe("/paper/arxiv/2101.00099");

    const lib = parse(await cite("bibtex", path), { english: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries).toHaveLength(1);
    expect(lib.entries[0]?.fields.title).toBe("Typed Title & {Braces} 100%");
    expect(lib.entries[0]?.fields.note).toBe(NOTE);

    const ris = await cite("ris", path);
    expect(ris.split("\r\n")).toContain(`N1  - ${NOTE}`);
    expect(ris.split("\r\n")).toContain("TI  - Typed Title & {Braces} 100%");
    expect(ris.endsWith("ER  - \r\n")).toBe(true);
  });

  it("are left without the note for a paper whose details come from a service", async () => {
    const paper = await makePaper(t.db);
    const path = `/paper/arxiv/${paper.arxiv}`;
    const lib = parse(await cite("bibtex", path), { english: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries[0]?.fields.note).toBeUndefined();
    expect(await cite("ris", path)).not.toContain("confirmed");
  });
});
