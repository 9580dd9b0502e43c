import { describe, expect, it } from "vitest";
import { KNOWN_VENUES } from "../venue-table";
import { citablePaper, venueKind } from "./citable";
import { familyFirst, splitName } from "./names";

describe("venueKind", () => {
  it.each([
    [{ key: "nips", name: "NeurIPS" }, "conference"],
    [{ key: "aaai", name: "AAAI" }, "conference"],
    [{ key: "conf/icml", name: "ICML" }, "conference"],
    [{ key: "corr", name: "arXiv (CoRR)" }, "preprint"],
    [{ key: "biorxiv", name: "bioRxiv" }, "preprint"],
    [{ key: "journals/pami", name: "IEEE TPAMI" }, "journal"],
    [{ key: "jmlr", name: "J. Mach. Learn. Res." }, "journal"],
    [{ key: "tacl", name: "Transactions of the ACL" }, "journal"],
    [{ key: "nature", name: "Nature Communications" }, "journal"],
    [{ key: "pnas", name: "Proceedings of the National Academy of Sciences" }, "journal"],
    [{ key: "icds", name: "International Conference on Data Science" }, "conference"],
    [{ key: "openreview", name: "ICLR (OpenReview)" }, "conference"],
  ] as const)("%o is a %s", (venue, kind) => {
    expect(venueKind(venue)).toBe(kind);
  });

  it("agrees with DBLP's conf/ and journals/ streams for every venue we know by name", () => {
    for (const venue of KNOWN_VENUES) {
      const stream = venue.dblp[0] ?? "";
      const expected =
        stream === "journals/corr"
          ? "preprint"
          : stream.startsWith("conf/")
            ? "conference"
            : "journal";
      expect(venueKind(venue), venue.name).toBe(expected);
    }
  });
});

describe("splitName", () => {
  it.each([
    ["Aidan N. Gomez", "Gomez", "Aidan N."],
    ["Christopher De Sa", "De Sa", "Christopher"],
    ["Ludwig van Beethoven", "van Beethoven", "Ludwig"],
    ["Oscar de la Hoya", "de la Hoya", "Oscar"],
    ["Xiao Di Wang", "Wang", "Xiao Di"],
    ["Le Song", "Song", "Le"],
    ["Alfréd   Rényi", "Rényi", "Alfréd"],
    ["Gomez, Aidan N.", "Gomez", "Aidan N."],
  ])("%s → family %s, given %s", (name, family, given) => {
    const n = splitName(name);
    expect([n.family, n.given, n.literal]).toEqual([family, given, false]);
  });

  it("keeps suffixes, single names and organisations apart", () => {
    expect(splitName("Martin Luther King Jr.")).toMatchObject({ family: "King", suffix: "Jr." });
    expect(familyFirst(splitName("Martin Luther King Jr."))).toBe("King, Jr., Martin Luther");
    expect(familyFirst(splitName("King, Jr., Martin"))).toBe("King, Jr., Martin");
    expect(splitName("Plato")).toMatchObject({ literal: true, full: "Plato" });
    expect(splitName("The ATLAS Collaboration")).toMatchObject({ literal: true });
    expect(familyFirst(splitName("The ATLAS Collaboration"))).toBe("The ATLAS Collaboration");
    expect(familyFirst(splitName("Christopher De Sa"))).toBe("De Sa, Christopher");
  });
});

describe("citablePaper", () => {
  it("adapts the paper page: absolute URL, PDF link, venue kind", () => {
    const p = citablePaper(
      {
        path: "/paper/arxiv/1707.04585",
        title: "T",
        authors: ["A B"],
        year: 2017,
        venue: { key: "nips", name: "NeurIPS" },
        abstract: "",
        arxivId: "1707.04585",
        arxivVersion: 2,
        doi: null,
        metadataSource: "service",
      },
      "https://shortscience.org/",
      "cs.CV",
    );
    expect(p.url).toBe("https://shortscience.org/paper/arxiv/1707.04585");
    expect(p.pdfUrl).toBe("https://arxiv.org/pdf/1707.04585");
    expect(p.venue).toEqual({ name: "NeurIPS", kind: "conference" });
    expect(p.primaryCategory).toBe("cs.CV");
    expect(p.unconfirmedNote).toBeNull();
  });

  it("carries a note for details typed in or corrected by hand, not confirmed by a service", () => {
    const page = {
      path: "/paper/arxiv/2101.00099",
      title: "Typed",
      authors: ["Typed Author"],
      year: 2020,
      venue: null,
      abstract: "",
      arxivId: "2101.00099",
      arxivVersion: null,
      doi: null,
    };
    const note = (metadataSource: "hand" | "moderator") =>
      citablePaper({ ...page, metadataSource }, "https://shortscience.org", null).unconfirmedNote;
    expect(note("hand")).toBe("Details entered by hand, not yet confirmed by a metadata service");
    expect(note("moderator")).toBe(
      "Details entered by hand and corrected by a moderator, not yet confirmed by a metadata service",
    );
  });
});
