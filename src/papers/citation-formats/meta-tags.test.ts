import { describe, expect, it } from "vitest";
import { citationMetaTags, jsonLd, jsonLdText, scriptSafeJson } from "./meta-tags";
import { paper, revnet, TRICKY_TITLE, trickyAuthors } from "./test-papers";

describe("citationMetaTags", () => {
  it("gives Highwire tags for an arXiv conference paper", () => {
    expect(citationMetaTags(revnet)).toEqual([
      { name: "citation_title", content: revnet.title },
      { name: "citation_author", content: "Gomez, Aidan N." },
      { name: "citation_author", content: "Ren, Mengye" },
      { name: "citation_author", content: "Urtasun, Raquel" },
      { name: "citation_author", content: "Grosse, Roger B." },
      { name: "citation_publication_date", content: "2017" },
      { name: "citation_conference_title", content: "NeurIPS" },
      { name: "citation_arxiv_id", content: "1707.04585" },
      { name: "citation_pdf_url", content: "https://arxiv.org/pdf/1707.04585" },
      { name: "citation_abstract_html_url", content: revnet.url },
    ]);
  });

  it("names journals, DOIs, and leaves out what is missing", () => {
    const tags = citationMetaTags(
      paper({
        venue: { name: "Nature", kind: "journal" },
        doi: "10.1038/x",
        year: null,
        arxivId: null,
        pdfUrl: null,
      }),
    );
    const names = tags.map((t) => t.name);
    expect(tags).toContainEqual({ name: "citation_journal_title", content: "Nature" });
    expect(tags).toContainEqual({ name: "citation_doi", content: "10.1038/x" });
    for (const absent of ["citation_publication_date", "citation_arxiv_id", "citation_pdf_url"]) {
      expect(names).not.toContain(absent);
    }
    const preprint = citationMetaTags(paper({ venue: { name: "arXiv", kind: "preprint" } }));
    expect(preprint.map((t) => t.name)).not.toContain("citation_journal_title");
  });

  it("writes authors family first so particles survive Zotero's split", () => {
    const authors = citationMetaTags(paper({ authors: trickyAuthors }))
      .filter((t) => t.name === "citation_author")
      .map((t) => t.content);
    expect(authors).toHaveLength(trickyAuthors.length);
    expect(authors).toContain("De Sa, Christopher");
    expect(authors).toContain("Ødegaard, Kjetil");
    expect(authors).toContain("Plato");
  });
});

describe("jsonLd", () => {
  it("describes a ScholarlyArticle with authors, identifiers, venue and links", () => {
    const doc = jsonLd(paper({ doi: "10.48550/arxiv.1707.04585" }));
    expect(doc).toMatchObject({
      "@context": "https://schema.org",
      "@type": "ScholarlyArticle",
      headline: revnet.title,
      name: revnet.title,
      datePublished: "2017",
      url: revnet.url,
      abstract: revnet.abstract,
      isPartOf: { "@type": "CreativeWork", name: "NeurIPS" },
      identifier: [
        { "@type": "PropertyValue", propertyID: "DOI", value: "10.48550/arxiv.1707.04585" },
        { "@type": "PropertyValue", propertyID: "arXiv", value: "1707.04585" },
      ],
      sameAs: ["https://doi.org/10.48550/arxiv.1707.04585", "https://arxiv.org/abs/1707.04585"],
    });
    expect((doc.author as unknown[])[0]).toEqual({
      "@type": "Person",
      name: "Aidan N. Gomez",
      familyName: "Gomez",
      givenName: "Aidan N.",
    });
    const journal = jsonLd(paper({ venue: { name: "Nature", kind: "journal" } }));
    expect(journal.isPartOf).toEqual({ "@type": "Periodical", name: "Nature" });
  });

  it("leaves out what is missing", () => {
    const doc = jsonLd(
      paper({ year: null, venue: null, doi: null, arxivId: null, abstract: "", authors: [] }),
    );
    for (const key of ["datePublished", "isPartOf", "identifier", "sameAs", "abstract", "author"]) {
      expect(doc).not.toHaveProperty(key);
    }
  });
});

describe("jsonLdText", () => {
  it("cannot end its <script> element, and parses back to the same JSON", () => {
    const p = paper({
      title: `${TRICKY_TITLE} <!-- --> & \u2028 \u2029`,
      abstract: "</SCRIPT><script>alert(1)</script>",
    });
    const text = jsonLdText(p);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain("\\u003c/script\\u003e");
    expect(JSON.parse(text)).toEqual(jsonLd(p));
  });

  it("escapes any value, not only papers", () => {
    expect(scriptSafeJson({ a: "</script>&" })).toBe('{"a":"\\u003c/script\\u003e\\u0026"}');
  });
});
