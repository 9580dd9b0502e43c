import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/fixtures/metadata/harness";
import { parsePmcSummary, parsePubmedXml } from "./pubmed.parse";

describe("parsePubmedXml", () => {
  it("reads titles with markup, labelled abstracts, collective and family-only authors", () => {
    expect(parsePubmedXml(fixture("pubmed_efetch.xml"))).toEqual({
      title: "Effect of Escherichia coli on fixture outcomes: a trial",
      authors: ["Chidi A Okafor", "Sukarno", "Fixture Trial Group"],
      year: 2019,
      venue: "Journal of Fixture Medicine",
      abstract: "BACKGROUND: Fixtures matter < always.\n\nRESULTS: CO2 rose by 5%.",
      identifiers: [
        { scheme: "pmid", value: "99999901" },
        { scheme: "doi", value: "10.5555/jfm.2019.06" },
        { scheme: "pmcid", value: "PMC9999901" },
      ],
      arxivVersion: null,
      categories: [],
      journalRef: null,
      source: "pubmed",
    });
  });

  it("gives null for an unknown PMID (empty set)", () => {
    expect(parsePubmedXml(fixture("pubmed_efetch_empty.xml"))).toBeNull();
  });
});

describe("parsePmcSummary", () => {
  it("reads a PMC summary and the PMID it names", () => {
    const m = parsePmcSummary(fixture("pmc_esummary.json"), "9999901");
    expect(m?.title).toBe("Effect of Escherichia coli on fixture outcomes: a trial");
    expect(m?.authors).toEqual(["Okafor CA", "Sukarno"]);
    expect(m?.venue).toBe("Journal of fixture medicine");
    expect(m?.identifiers).toEqual([
      { scheme: "pmcid", value: "PMC9999901" },
      { scheme: "pmid", value: "99999901" },
      { scheme: "doi", value: "10.5555/jfm.2019.06" },
    ]);
  });

  it("gives null for an error record or another uid", () => {
    expect(parsePmcSummary(fixture("pmc_esummary_error.json"), "1")).toBeNull();
    expect(parsePmcSummary(fixture("pmc_esummary.json"), "1")).toBeNull();
  });
});
