// Our BibTeX is read back by a real BibTeX parser (the one behind Zotero's Better BibTeX),
// which turns TeX back into Unicode: what it reads must be exactly what we cited.

import { type Creator, type Entry, parse } from "@retorquere/bibtex-parser";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { citationKey, toBibtex } from "./bibtex";
import { oneLine } from "./citable";
import { splitName } from "./names";
import { paper, revnet, TRICKY_TITLE, trickyAuthors } from "./test-papers";

/** Parses one entry; no sentence-casing, so titles come back as written. */
function parseOne(bib: string): Entry {
  const lib = parse(bib, { english: false });
  expect(lib.errors).toEqual([]);
  expect(lib.entries).toHaveLength(1);
  const [entry] = lib.entries;
  if (!entry) throw new Error("no entry");
  return entry;
}

/** A parsed creator as the "Family, Given" parts we meant. */
function nameOf(c: Creator): { family: string; given: string } {
  if (c.name !== undefined) return { family: nfc(c.name), given: "" };
  const family = [c.prefix, c.lastName].filter(Boolean).join(" ");
  const given = [c.firstName, c.suffix].filter(Boolean).join(" ");
  return { family: nfc(family), given: nfc(given) };
}

// The parser gives accents as combining marks (NFD); we compare composed text.
const nfc = (s: string) => s.normalize("NFC");
const titleOf = (e: Entry) => nfc(e.fields.title ?? "");

function expectedName(display: string): { family: string; given: string } {
  const n = splitName(display);
  if (n.literal) return { family: n.full, given: "" };
  return { family: n.family, given: [n.given, n.suffix].filter(Boolean).join(" ") };
}

describe("toBibtex", () => {
  it("notes details no metadata service confirmed, and only those", () => {
    const note = "Details entered by hand, not yet confirmed by a metadata service";
    const e = parseOne(toBibtex(paper({ unconfirmedNote: note })));
    expect(e.fields.note).toBe(note);
    expect(titleOf(e)).toBe(revnet.title);
    expect(parseOne(toBibtex(revnet)).fields.note).toBeUndefined();
  });

  it("cites an arXiv conference paper with eprint, archivePrefix and primaryClass", () => {
    const bib = toBibtex(revnet);
    expect(bib).toMatch(/^@inproceedings\{gomez2017reversible,\n/);
    const e = parseOne(bib);
    expect(e.type).toBe("inproceedings");
    expect(e.key).toBe("gomez2017reversible");
    expect(titleOf(e)).toBe(revnet.title);
    expect(e.fields.author?.map(nameOf)).toEqual([
      { family: "Gomez", given: "Aidan N." },
      { family: "Ren", given: "Mengye" },
      { family: "Urtasun", given: "Raquel" },
      { family: "Grosse", given: "Roger B." },
    ]);
    expect(e.fields.booktitle).toBe("NeurIPS");
    expect(e.fields.year).toBe("2017");
    expect(e.fields.eprint).toBe("1707.04585");
    expect(e.fields.archiveprefix).toBe("arXiv");
    expect(e.fields.primaryclass).toBe("cs.CV");
    expect(e.fields.url).toBe("https://arxiv.org/abs/1707.04585");
    expect(bib).toContain("  author = {Gomez, Aidan N. and Ren, Mengye and Urtasun, Raquel");
  });

  it("escapes every LaTeX special character and reads back the exact title", () => {
    const bib = toBibtex(paper({ title: TRICKY_TITLE }));
    expect(bib).toContain("\\$\\textbackslash{}ell\\_1\\$");
    expect(bib).toContain("100\\% ");
    expect(bib).toContain("\\#1");
    expect(bib).toContain("R{\\'e}nyi \\& M{\\\"u}ller");
    expect(titleOf(parseOne(bib))).toBe(TRICKY_TITLE);
  });

  it("protects inner capitals and lone capitals with braces, and nothing else", () => {
    const bib = toBibtex(paper({ title: "SqueezeNet: AlexNet-level accuracy on I/O with <0.5MB" }));
    expect(bib).toContain(
      "title = {{SqueezeNet}: {AlexNet}-level accuracy on {I}/{O} with \\textless{}{0.5MB}}",
    );
    expect(toBibtex(revnet)).toContain("title = {The Reversible Residual Network: Back");
  });

  it("writes accents as TeX and keeps other scripts in UTF-8; both parse back", () => {
    const authors = ["Alfréd Rényi", "Kjetil Ødegaard", "Paul Erdős", "Jiří Matoušek", "王小明"];
    const bib = toBibtex(paper({ authors, title: "Straße über Ζεύς" }));
    expect(bib).toContain("{\\O}degaard, Kjetil");
    expect(bib).toContain("Erd{\\H{o}}s, Paul");
    // í stays UTF-8: LaTeX puts the accent on a dotless i by itself.
    expect(bib).toContain("Matou{\\v{s}}ek, Ji{\\v{r}}í");
    expect(bib).toContain('Stra{\\ss}e {\\"u}ber Ζεύς');
    const e = parseOne(bib);
    expect(titleOf(e)).toBe("Straße über Ζεύς");
    expect(e.fields.author?.map(nameOf)).toEqual(authors.map(expectedName));
  });

  it("joins 20 authors with `and`, in order, particles and single names intact", () => {
    const authors = [...trickyAuthors];
    for (let i = authors.length; i < 20; i++) authors.push(`Author${i} Person${i}`);
    const bib = toBibtex(paper({ authors }));
    expect(bib).toContain("De Sa, Christopher");
    expect(bib).toContain("van Beethoven, Ludwig");
    expect(bib).toContain("King, Jr., Martin Luther");
    expect(bib).toContain("{R\\&D Team}");
    const e = parseOne(bib);
    expect(e.fields.author).toHaveLength(20);
    expect(e.fields.author?.map(nameOf)).toEqual(authors.map(expectedName));
    expect(e.fields.author?.[4]).toEqual({ name: "Plato" });
  });

  it("keeps an `and` inside a name from splitting it", () => {
    const e = parseOne(toBibtex(paper({ authors: ["Anna And Berg", "Bob Smith"] })));
    expect(e.fields.author?.map(nameOf)).toEqual([
      { family: "Berg", given: "Anna And" },
      { family: "Smith", given: "Bob" },
    ]);
  });

  it("picks @article for journals, @misc for arXiv-only and venue-less papers", () => {
    const journal = toBibtex(paper({ venue: { name: "J. Mach. Learn. Res.", kind: "journal" } }));
    expect(parseOne(journal).type).toBe("article");
    expect(parseOne(journal).fields.journal).toBe("J. Mach. Learn. Res.");
    const preprint = toBibtex(paper({ venue: { name: "arXiv (CoRR)", kind: "preprint" } }));
    expect(parseOne(preprint).type).toBe("misc");
    expect(preprint).not.toContain("howpublished");
    const none = parseOne(toBibtex(paper({ venue: null, arxivId: null, doi: "10.1/x" })));
    expect(none.type).toBe("misc");
    expect(none.fields.url).toBe("https://doi.org/10.1/x");
    const biorxiv = toBibtex(
      paper({ venue: { name: "bioRxiv", kind: "preprint" }, arxivId: null }),
    );
    expect(parseOne(biorxiv).fields.howpublished).toBe("bioRxiv");
  });

  it("leaves out a missing year and venue, and still parses", () => {
    const bib = toBibtex(paper({ year: null, venue: null, authors: [] }));
    expect(bib).not.toMatch(/year|booktitle|author/);
    const e = parseOne(bib);
    expect(e.key).toBe("anonreversible");
    expect(titleOf(e)).toBe(revnet.title);
  });

  it("writes DOIs verbatim, as biblatex and the parser read them", () => {
    const doi = "10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-o_x%y#z";
    const e = parseOne(toBibtex(paper({ doi })));
    expect(e.fields.doi).toBe(doi);
    expect(parseOne(toBibtex(paper({ doi: "10.1/a{b}\\c" }))).fields.doi).toBe("10.1/a%7Bb%7D%5Cc");
  });

  it("collapses newlines in titles and names", () => {
    const e = parseOne(toBibtex(paper({ title: "A\ntitle\r\n  on two lines" })));
    expect(titleOf(e)).toBe("A title on two lines");
  });
});

describe("citationKey", () => {
  it("is family name + year + first significant title word, ASCII-folded", () => {
    expect(citationKey(revnet)).toBe("gomez2017reversible");
    const p = (authors: string[], title: string) => citationKey(paper({ authors, title }));
    expect(p(["Kjetil Ødegaard"], "Über die Straße")).toBe("odegaard2017uber");
    expect(p(["Christopher De Sa"], "On the $\\ell_1$ Scan Order")).toBe("desa2017scan");
    expect(p(["The ATLAS Collaboration"], "A Higgs")).toBe("atlas2017higgs");
    expect(p(["王小明"], "深度学习")).toBe("anon2017");
  });
});

// Letters, accents, every special character and spaces; no "--", "``" or "''", which LaTeX
// prints as dashes and curly quotes on purpose.
const titleChar = fc.constantFrom(
  ..."aZ09 &%$#_{}~^\\<>|@\"=,.:;!?()[]/*+-'éÜøÅčßæłŒ".split(""),
  "\n",
  "Ζ",
  "中",
);
const text = fc
  .array(titleChar, { minLength: 1, maxLength: 40 })
  .map((cs) => cs.join(""))
  .filter((s) => !/--|''|``|\?`|!`/.test(s) && oneLine(s) !== "");
const nameWord = fc
  .array(fc.constantFrom(..."abcXYZéüøÅčß".split("")), { minLength: 1, maxLength: 8 })
  .map((cs) => {
    const w = cs.join("");
    return (w[0] ?? "").toUpperCase() + w.slice(1);
  });
const displayName = fc
  .array(nameWord, { minLength: 2, maxLength: 3 })
  .map((ws) => ws.join(" "))
  .filter((n) => !splitName(n).literal);

describe("toBibtex round trip (property)", () => {
  it("any title and any author list read back unchanged", () => {
    fc.assert(
      fc.property(text, fc.array(displayName, { maxLength: 5 }), (title, authors) => {
        const e = parseOne(toBibtex(paper({ title, authors })));
        expect(titleOf(e)).toBe(oneLine(title).normalize("NFC"));
        expect((e.fields.author ?? []).map(nameOf)).toEqual(authors.map(expectedName));
      }),
      { numRuns: 300 },
    );
  });
});
