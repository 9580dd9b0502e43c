import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  arxivPdfUrl,
  externalUrl,
  formatPaperId,
  ID_SCHEMES,
  type PaperId,
  parsePaperId,
} from "./ids";

type Row = [input: string, scheme: string, value: string, version?: number];

function expectId([input, scheme, value, version]: Row) {
  const expected: PaperId = { scheme: scheme as PaperId["scheme"], value };
  if (version !== undefined) expected.version = version;
  expect(parsePaperId(input)).toEqual(expected);
}

describe("parsePaperId: arXiv", () => {
  it.each<Row>([
    ["1609.05473", "arxiv", "1609.05473"],
    ["arXiv:1707.04585v2", "arxiv", "1707.04585", 2],
    ["ARXIV: 1707.04585", "arxiv", "1707.04585"],
    ["arXiv:1707.04585 [cs.CL]", "arxiv", "1707.04585"],
    ["(arXiv:1707.04585v2).", "arxiv", "1707.04585", 2],
    ["  1905.02175  ", "arxiv", "1905.02175"],
    ["1412.6980", "arxiv", "1412.6980"],
    ["https://arxiv.org/abs/1602.07360v4", "arxiv", "1602.07360", 4],
    ["http://arxiv.org/abs/1602.07360", "arxiv", "1602.07360"],
    ["https://arxiv.org/pdf/1707.04585v3.pdf", "arxiv", "1707.04585", 3],
    ["https://arxiv.org/pdf/1707.04585", "arxiv", "1707.04585"],
    ["https://arxiv.org/html/2401.00001v1", "arxiv", "2401.00001", 1],
    ["https://www.arxiv.org/abs/2401.00001/", "arxiv", "2401.00001"],
    ["http://export.arxiv.org/pdf/1606.03432.pdf", "arxiv", "1606.03432"],
    ["arxiv.org/abs/1707.04585", "arxiv", "1707.04585"],
    ["hep-th/9901001v3", "arxiv", "hep-th/9901001", 3],
    ["math.GT/0309136", "arxiv", "math.GT/0309136"],
    ["MATH.gt/0309136v1", "arxiv", "math.GT/0309136", 1],
    ["arXiv:cond-mat/0102536", "arxiv", "cond-mat/0102536"],
    ["https://arxiv.org/abs/hep-th/9901001v2", "arxiv", "hep-th/9901001", 2],
    ["https://export.arxiv.org/abs/math/0309136", "arxiv", "math/0309136"],
    ["10.48550/arXiv.1707.04585", "arxiv", "1707.04585"],
    ["https://doi.org/10.48550/arXiv.1707.04585", "arxiv", "1707.04585"],
    ["https://www.semanticscholar.org/arxiv/1707.04585", "arxiv", "1707.04585"],
  ])("reads %s", (...row) => expectId(row));

  it.each<Row>([
    ["journals/corr/1609.05473", "arxiv", "1609.05473"],
    ["journals/corr/1609.05473v2", "arxiv", "1609.05473", 2],
    ["journals/corr/abs-1707-04585", "arxiv", "1707.04585"],
    ["journals/corr/abs-1412-6980", "arxiv", "1412.6980"],
    ["journals/corr/cs-AI-0001001", "arxiv", "cs.AI/0001001"],
    ["https://dblp.org/rec/journals/corr/abs-1707-04585.html", "arxiv", "1707.04585"],
    ["https://dblp.org/rec/journals/corr/1609.05473.xml", "arxiv", "1609.05473"],
  ])("maps the DBLP CoRR key %s to the arXiv paper", (...row) => expectId(row));
});

describe("parsePaperId: DOI", () => {
  it.each<Row>([
    ["10.1038/nature14539", "doi", "10.1038/nature14539"],
    ["doi:10.1145/3065386.", "doi", "10.1145/3065386"],
    ["DOI: 10.1145/3065386", "doi", "10.1145/3065386"],
    ["https://doi.org/10.1609/AAAI.V31I1.10804", "doi", "10.1609/aaai.v31i1.10804"],
    ["https://dx.doi.org/10.1000/ABC%2F1", "doi", "10.1000/abc/1"],
    ["http://dx.doi.org/10.1063/1.4944470", "doi", "10.1063/1.4944470"],
    ["doi.org/10.1038/nature14539", "doi", "10.1038/nature14539"],
    ["https://doi.org/10.1038/nature14539?utm_source=x", "doi", "10.1038/nature14539"],
    ["(10.1000/xyz)", "doi", "10.1000/xyz"],
    ["<10.1000/xyz>,", "doi", "10.1000/xyz"],
    ['"10.1000/xyz";', "doi", "10.1000/xyz"],
    ["10.1016/S0140-6736(20)30183-5", "doi", "10.1016/s0140-6736(20)30183-5"],
    ["10.1000/abc(1))", "doi", "10.1000/abc(1)"],
    [
      "10.1002/(SICI)1097-4636(199706)35:4<515::AID-JBM11>3.0.CO;2-F",
      "doi",
      "10.1002/(sici)1097-4636(199706)35:4<515::aid-jbm11>3.0.co;2-f",
    ],
    ["10.1101/gr.123456.110", "doi", "10.1101/gr.123456.110"],
  ])("normalizes %s", (...row) => expectId(row));

  it.each<Row>([
    [
      "https://www.biorxiv.org/content/10.1101/2020.01.01.123456v2",
      "doi",
      "10.1101/2020.01.01.123456",
      2,
    ],
    [
      "https://www.biorxiv.org/content/10.1101/2020.01.01.123456v2.full.pdf",
      "doi",
      "10.1101/2020.01.01.123456",
      2,
    ],
    [
      "https://biorxiv.org/content/10.1101/2020.01.01.123456.full",
      "doi",
      "10.1101/2020.01.01.123456",
    ],
    ["https://www.biorxiv.org/content/10.1101/123456v1", "doi", "10.1101/123456", 1],
    [
      "https://www.medrxiv.org/content/10.1101/2020.03.01.20029769v1.full-text",
      "doi",
      "10.1101/2020.03.01.20029769",
      1,
    ],
    ["10.1101/2020.01.01.123456v3", "doi", "10.1101/2020.01.01.123456", 3],
    ["doi:10.1101/123456", "doi", "10.1101/123456"],
    ["https://doi.org/10.1101/2020.01.01.123456", "doi", "10.1101/2020.01.01.123456"],
  ])("reads the bioRxiv/medRxiv form %s", (...row) => expectId(row));
});

describe("parsePaperId: PubMed, OpenReview, ACL, DBLP, Semantic Scholar", () => {
  it.each<Row>([
    ["pmid:123", "pmid", "123"],
    ["PMID: 00031452104", "pmid", "31452104"],
    ["https://pubmed.ncbi.nlm.nih.gov/31452104/", "pmid", "31452104"],
    ["pubmed.ncbi.nlm.nih.gov/31452104", "pmid", "31452104"],
    ["https://www.ncbi.nlm.nih.gov/pubmed/31452104", "pmid", "31452104"],
    ["https://europepmc.org/article/MED/31452104", "pmid", "31452104"],
    ["PMC6717484", "pmcid", "PMC6717484"],
    ["pmc6717484", "pmcid", "PMC6717484"],
    ["PMCID: PMC6717484", "pmcid", "PMC6717484"],
    ["https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6717484/", "pmcid", "PMC6717484"],
    ["https://pmc.ncbi.nlm.nih.gov/articles/PMC6717484/", "pmcid", "PMC6717484"],
    ["https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6717484/pdf/x.pdf", "pmcid", "PMC6717484"],
    ["https://openreview.net/forum?id=rJXMpikCZ", "openreview", "rJXMpikCZ"],
    ["https://openreview.net/pdf?id=rJXMpikCZ", "openreview", "rJXMpikCZ"],
    ["https://openreview.net/forum?id=B1ckMDqlg&noteId=xyz12", "openreview", "B1ckMDqlg"],
    ["https://openreview.net/forum?noteId=xyz12&id=B1ckMDqlg", "openreview", "B1ckMDqlg"],
    ["openreview:rJXMpikCZ", "openreview", "rJXMpikCZ"],
    ["2020.acl-main.1", "acl", "2020.acl-main.1"],
    ["2020.ACL-MAIN.1", "acl", "2020.acl-main.1"],
    ["2021.findings-acl.12", "acl", "2021.findings-acl.12"],
    ["P19-1001", "acl", "P19-1001"],
    ["p19-1001", "acl", "P19-1001"],
    ["https://aclanthology.org/2020.acl-main.1/", "acl", "2020.acl-main.1"],
    ["https://aclanthology.org/2020.acl-main.1.pdf", "acl", "2020.acl-main.1"],
    ["https://aclanthology.org/P19-1001.pdf", "acl", "P19-1001"],
    ["aclanthology.org/P19-1001", "acl", "P19-1001"],
    ["https://www.aclweb.org/anthology/P19-1001", "acl", "P19-1001"],
    ["https://www.aclweb.org/anthology/P19-1001.pdf", "acl", "P19-1001"],
    ["conf/nips/GomezRUG17", "dblp", "conf/nips/GomezRUG17"],
    ["conf/nips/GomezRUG17 .", "dblp", "conf/nips/GomezRUG17"],
    ["dblp:journals/jmlr/SrivastavaHKSS14", "dblp", "journals/jmlr/SrivastavaHKSS14"],
    ["https://dblp.org/rec/conf/nips/GomezRUG17", "dblp", "conf/nips/GomezRUG17"],
    ["https://dblp.org/rec/conf/nips/GomezRUG17.html", "dblp", "conf/nips/GomezRUG17"],
    ["https://dblp.uni-trier.de/rec/bibtex/conf/nips/GomezRUG17", "dblp", "conf/nips/GomezRUG17"],
    [
      "https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani-Shazeer/204e3073870fae3d05bcbc2f6a8e263d9b72e776",
      "s2",
      "204e3073870fae3d05bcbc2f6a8e263d9b72e776",
    ],
    [
      "https://www.semanticscholar.org/paper/204E3073870FAE3D05BCBC2F6A8E263D9B72E776",
      "s2",
      "204e3073870fae3d05bcbc2f6a8e263d9b72e776",
    ],
    ["204e3073870fae3d05bcbc2f6a8e263d9b72e776", "s2", "204e3073870fae3d05bcbc2f6a8e263d9b72e776"],
    ["CorpusId:13756489", "s2corpus", "13756489"],
    ["corpusid: 13756489", "s2corpus", "13756489"],
    ["https://api.semanticscholar.org/CorpusID:13756489", "s2corpus", "13756489"],
  ])("reads %s", (...row) => expectId(row));
});

describe("parsePaperId: not identifiers", () => {
  it.each([
    "",
    "   ",
    "hello world",
    "1609.054",
    "1613.00001",
    "arXiv:1707.04585v0",
    "javascript:alert(1)",
    "x".repeat(600),
    "10.12/x",
    "10.1234/",
    "10.1234/a b",
    "https://example.org/abs/1707.04585",
    "ftp://arxiv.org/abs/1707.04585",
    "https://arxiv.org/list/cs.CL/recent",
    "https://openreview.net/group?id=ICLR.cc",
    "https://pubmed.ncbi.nlm.nih.gov/?term=cancer",
    "https://dblp.org/pid/123",
    "pmid:0",
    "pmid:abc",
    "PMC",
    "CorpusId:abc",
    "constructor:1",
    "__proto__:x",
    "toString",
    "conf/nips",
    "dblp:conf/0/. :",
  ])("rejects %j", (input) => {
    expect(parsePaperId(input)).toBeNull();
  });
});

describe("externalUrl", () => {
  it.each<[PaperId, string]>([
    [{ scheme: "arxiv", value: "1707.04585", version: 1 }, "https://arxiv.org/abs/1707.04585v1"],
    [{ scheme: "arxiv", value: "hep-th/9901001" }, "https://arxiv.org/abs/hep-th/9901001"],
    [{ scheme: "doi", value: "10.1/x" }, "https://doi.org/10.1/x"],
    [{ scheme: "doi", value: "10.1/a#b?c%d" }, "https://doi.org/10.1/a%23b%3Fc%25d"],
    [
      { scheme: "doi", value: "10.1101/2020.01.01.123456", version: 2 },
      "https://www.biorxiv.org/content/10.1101/2020.01.01.123456v2",
    ],
    [{ scheme: "pmid", value: "123" }, "https://pubmed.ncbi.nlm.nih.gov/123/"],
    [{ scheme: "pmcid", value: "PMC123" }, "https://pmc.ncbi.nlm.nih.gov/articles/PMC123/"],
    [{ scheme: "openreview", value: "rJXMpikCZ" }, "https://openreview.net/forum?id=rJXMpikCZ"],
    [{ scheme: "acl", value: "P19-1001" }, "https://aclanthology.org/P19-1001/"],
    [{ scheme: "dblp", value: "conf/a/B17" }, "https://dblp.org/rec/conf/a/B17"],
    [
      { scheme: "s2", value: "a".repeat(40) },
      `https://www.semanticscholar.org/paper/${"a".repeat(40)}`,
    ],
    [{ scheme: "s2corpus", value: "42" }, "https://api.semanticscholar.org/CorpusID:42"],
  ])("links %j to %s", (id, url) => {
    expect(externalUrl(id)).toBe(url);
  });

  it("links arXiv PDFs", () => {
    expect(arxivPdfUrl("1707.04585")).toBe("https://arxiv.org/pdf/1707.04585");
  });
});

// ---- properties ------------------------------------------------------------------------

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const version = fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined });
const v = (n: number | undefined) => (n ? `v${n}` : "");

const arxivNew = fc
  .tuple(fc.integer({ min: 7, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.boolean())
  .chain(([yy, mm, five]) =>
    fc
      .tuple(fc.integer({ min: 1, max: five ? 99_999 : 9_999 }), version)
      .map(([n, ver]) => `${pad(yy, 2)}${pad(mm, 2)}.${pad(n, five ? 5 : 4)}${v(ver)}`),
  );
const arxivOld = fc
  .tuple(
    fc.constantFrom("hep-th", "math", "cs", "cond-mat", "astro-ph", "quant-ph", "q-bio"),
    fc.option(fc.constantFrom("GT", "ai", "LG", "AP"), { nil: undefined }),
    fc.integer({ min: 1, max: 9_999_999 }),
    version,
  )
  .map(([a, sub, n, ver]) => `${a}${sub ? `.${sub}` : ""}/${pad(n, 7)}${v(ver)}`);
const arxivForms = fc
  .tuple(
    fc.oneof(arxivNew, arxivOld),
    fc.constantFrom(
      "",
      "arXiv:",
      "https://arxiv.org/abs/",
      "http://export.arxiv.org/pdf/",
      "arxiv.org/html/",
    ),
  )
  .map(([id, prefix]) => `${prefix}${id}`);

const doiChars = fc.constantFrom(..."abcXYZ019._-;()/:<>[]#?%é'".split(""));
const doiForms = fc
  .tuple(
    fc.integer({ min: 1000, max: 999_999_999 }),
    fc.string({ unit: doiChars, minLength: 1, maxLength: 20 }),
    fc.constantFrom("", "doi:", "DOI: ", "https://doi.org/", "http://dx.doi.org/"),
  )
  .map(([registrant, suffix, prefix]) => `${prefix}10.${registrant}/${suffix}`);
const cleanDoi = fc
  .tuple(
    fc.integer({ min: 1000, max: 99_999 }),
    fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}[a-z0-9]$/),
  )
  .map(([r, s]) => `10.${r}/${s}`);
const rxiv = fc
  .tuple(
    fc.integer({ min: 2019, max: 2030 }),
    fc.integer({ min: 100_000, max: 99_999_999 }),
    version,
  )
  .map(([y, n, ver]) => `https://www.biorxiv.org/content/10.1101/${y}.01.31.${n}${v(ver)}.full`);
const others = fc.oneof(
  fc.nat({ max: 99_999_999 }).map((n) => `pmid:${n + 1}`),
  fc.nat({ max: 99_999_999 }).map((n) => `https://pmc.ncbi.nlm.nih.gov/articles/PMC${n + 1}/`),
  fc.stringMatching(/^[\w-]{5,20}$/).map((id) => `https://openreview.net/pdf?id=${id}`),
  fc.stringMatching(/^(19|20)\d\d\.[a-z]{2,8}(-[a-z]{1,5})?\.[1-9]\d{0,3}$/),
  fc.stringMatching(/^[A-Z]\d\d-\d{4}$/).map((id) => `https://aclanthology.org/${id}.pdf`),
  fc.stringMatching(/^(conf|journals)\/[a-z]{2,8}\/[A-Z][a-z]{1,8}\d\d$/),
  fc.stringMatching(/^[0-9a-f]{40}$/).map((h) => `https://www.semanticscholar.org/paper/x/${h}`),
  fc.nat({ max: 999_999_999 }).map((n) => `CorpusId:${n + 1}`),
);

const SELF_DESCRIBING = ["arxiv", "doi", "pmcid", "acl", "dblp", "s2"];

/** Normalizing twice changes nothing, and both the URL and the text of an id read back to it. */
function expectStable(id: PaperId | null) {
  if (id === null) return;
  expect(ID_SCHEMES).toContain(id.scheme);
  expect(id.value.length).toBeGreaterThan(0);
  expect(parsePaperId(externalUrl(id))).toEqual(id);
  expect(parsePaperId(formatPaperId(id))).toEqual(id);
  // Values that name their scheme by their shape also parse back bare.
  if (SELF_DESCRIBING.includes(id.scheme)) {
    expect(parsePaperId(id.value)).toEqual({ scheme: id.scheme, value: id.value });
  }
}

describe("parsePaperId properties", () => {
  it.each([
    ["arXiv", arxivForms],
    ["DOI", cleanDoi],
    ["bioRxiv", rxiv],
    ["PubMed, OpenReview, ACL, DBLP, Semantic Scholar", others],
  ])("every generated %s id parses, and its URL and text parse back to it", (_, arb) => {
    fc.assert(
      fc.property(arb, (input) => {
        const id = parsePaperId(input);
        expect(id).not.toBeNull();
        expectStable(id);
      }),
      { numRuns: 300 },
    );
  });

  it("DOIs with any punctuation normalize stably when they parse", () => {
    fc.assert(
      fc.property(doiForms, (input) => expectStable(parsePaperId(input))),
      {
        numRuns: 1000,
      },
    );
  });

  const hosts = fc.constantFrom(
    "https://arxiv.org/abs/",
    "https://doi.org/",
    "https://www.biorxiv.org/content/",
    "https://pubmed.ncbi.nlm.nih.gov/",
    "https://pmc.ncbi.nlm.nih.gov/articles/",
    "https://openreview.net/forum?id=",
    "https://aclanthology.org/",
    "https://dblp.org/rec/",
    "https://www.semanticscholar.org/paper/",
    "https://api.semanticscholar.org/CorpusID:",
    "arXiv:",
    "doi:",
    "pmid:",
    "PMC",
    "CorpusId:",
    "journals/corr/",
  );
  it.each([
    ["strings", fc.string()],
    ["full Unicode strings", fc.string({ unit: "binary", maxLength: 600 })],
    ["web URLs", fc.webUrl({ withQueryParameters: true, withFragments: true })],
    ["URL-ish strings", fc.tuple(hosts, fc.string({ unit: "binary" })).map(([h, s]) => h + s)],
    [
      "prefixed ids with noise",
      fc.tuple(hosts, fc.oneof(arxivNew, cleanDoi), fc.string()).map((t) => t.join("")),
    ],
  ])("never throws on arbitrary %s, and whatever parses is stable", (_, arb) => {
    fc.assert(
      fc.property(arb, (input) => expectStable(parsePaperId(input))),
      { numRuns: 1000 },
    );
  });
});
