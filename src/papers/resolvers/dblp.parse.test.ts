import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/fixtures/metadata/harness";
import { parseDblpRecord } from "./dblp.parse";

describe("parseDblpRecord", () => {
  it("reads a record: tags and entities in the title, DTD entities and homonyms in names", () => {
    const m = parseDblpRecord(fixture("dblp_record.xml"));
    expect(m).toMatchObject({
      title: "On k-Means & Schrödinger's Cat",
      authors: ["Jürgen Müller", "Zoë García"],
      year: 2021,
      venue: "Fixture Conf.",
      identifiers: [
        { scheme: "dblp", value: "conf/fixture/MuellerG21" },
        { scheme: "doi", value: "10.5555/fixture.21.1" },
        { scheme: "arxiv", value: "2103.00002" },
      ],
    });
  });

  it("maps a CoRR record to its arXiv paper", () => {
    const m = parseDblpRecord(fixture("dblp_record_corr.xml"));
    expect(m?.identifiers).toEqual([{ scheme: "arxiv", value: "1901.00001" }]);
    expect(m?.venue).toBe("CoRR");
  });

  it("gives null for an empty or foreign document", () => {
    expect(parseDblpRecord("<dblp></dblp>")).toBeNull();
    expect(parseDblpRecord("<html><body>404</body></html>")).toBeNull();
  });
});
