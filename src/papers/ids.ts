// Paper identifiers: parse what a researcher pastes (a bare id, a prefixed id such as
// `doi:…`, or a URL) into one normalized (scheme, value). Pure: no I/O. Anything that is not
// an identifier gives null; no input makes it throw.

import { PAPER_ID_INPUT_MAX_CHARS } from "../core/limits";

export const ID_SCHEMES = [
  "arxiv",
  "doi",
  "pmid",
  "pmcid",
  "openreview",
  "acl",
  "dblp",
  "s2",
  "s2corpus",
] as const;

export type IdScheme = (typeof ID_SCHEMES)[number];

export interface PaperId {
  scheme: IdScheme;
  /**
   * Normalized: arXiv without version; DOI lower-cased; PMID and CorpusId digits without
   * leading zeros; PMCID `PMC` + digits; ACL new style lower-case, old style upper-case;
   * Semantic Scholar paper id lower-case hex; OpenReview and DBLP keys as given.
   */
  value: string;
  /** The version the input named: arXiv …vN, bioRxiv/medRxiv …vN. */
  version?: number;
}

const VERSION = "v([1-9]\\d{0,3})";
const ARXIV_NEW = new RegExp(`^(\\d{2}(?:0[1-9]|1[0-2])\\.\\d{4,5})(?:${VERSION})?$`);
const ARXIV_OLD = new RegExp(`^([a-z][a-z-]*(?:\\.[a-z]{2})?\\/\\d{7})(?:${VERSION})?$`, "i");
const DBLP_CORR_NEW = new RegExp(`^journals\\/corr\\/(\\d{4}\\.\\d{4,5})(?:${VERSION})?$`, "i");
const DBLP_CORR_ABS = /^journals\/corr\/abs-(\d{4})-(\d{4,5})$/i;
const DBLP_CORR_OLD = /^journals\/corr\/cs-([A-Z]{2})-(\d{7})$/;
const DBLP_KEY =
  /^(conf|journals|books|phd|series|reference|persons|tr|ms|www)((?:\/\w(?:[\w.+-]*\w)?){2,3})$/i;
// Control characters and whitespace never occur in a DOI; rejecting them keeps values safe.
const DOI = /^10\.\d{4,9}\/[^\s\p{Cc}]+$/u;
// bioRxiv/medRxiv (CSHL prefix 10.1101, openRxiv 10.64898): the version is not part of the DOI.
const RXIV_DOI = new RegExp(
  `^(10\\.(?:1101|64898)\\/(?:\\d{4}\\.\\d{2}\\.\\d{2}\\.)?\\d{6,9})(?:${VERSION})?$`,
);
// arXiv's own DataCite DOIs name the arXiv paper: resolve them as arXiv ids.
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/;
const ACL_NEW = /^(\d{4}\.[a-z][a-z\d]*(?:-[a-z\d]+)*\.\d{1,5})(?:v\d{1,2})?$/i;
const ACL_OLD = /^([a-z]\d{2}-\d{4})(?:v\d{1,2})?$/i;
const OPENREVIEW = /^[\w-]{5,40}$/;
const S2_PAPER = /^[0-9a-f]{40}$/i;
const DIGITS = /^0*([1-9]\d{0,11})$/;

/** Prefixes people write before an id: `arXiv:…`, `doi: …`, `PMID: …`, `CorpusId:…`. */
const PREFIXED = new Map<string, (rest: string) => PaperId | null>([
  ["arxiv", (s) => arxivFrom(s.replace(/\s*\[[a-z-]+(?:\.[a-z-]+)?\]$/i, ""))],
  ["doi", doiFrom],
  ["pmid", (s) => numberId("pmid", s)],
  ["pmcid", pmcidFrom],
  ["pmc", pmcidFrom],
  ["openreview", openreviewFrom],
  ["acl", aclFrom],
  ["dblp", dblpFrom],
  ["corpusid", (s) => numberId("s2corpus", s)],
]);

export function parsePaperId(input: string): PaperId | null {
  if (typeof input !== "string") return null;
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > PAPER_ID_INPUT_MAX_CHARS) return null;
  const text = trimTrailing(trimmed.replace(/^[<"'“‘«([{]+/, ""));
  if (!text) return null;
  const url = splitUrl(text);
  if (url) return fromUrl(url.host, decodeSafe(url.path), url.query);
  const prefixed = /^([a-z]+)\s*:\s*(\S.*)$/i.exec(text);
  const parsePrefixed = prefixed && PREFIXED.get((prefixed[1] ?? "").toLowerCase());
  if (parsePrefixed) return parsePrefixed(prefixed[2] ?? "");
  return (
    arxivFrom(text) ??
    dblpFrom(text) ??
    doiFrom(text) ??
    aclFrom(text) ??
    (/^pmc\d+$/i.test(text) ? pmcidFrom(text) : null) ??
    (S2_PAPER.test(text) ? s2(text) : null)
  );
}

/** Drops sentence punctuation after an id; a closing bracket only when it closes nothing. */
function trimTrailing(text: string): string {
  let t = text.trimEnd();
  for (;;) {
    const last = t.at(-1) ?? "";
    if (last === "") return t;
    if (".,;:!?\"'”’»>".includes(last)) t = t.slice(0, -1).trimEnd();
    else if (")]}".includes(last) && unbalanced(t, last)) t = t.slice(0, -1).trimEnd();
    else return t;
  }
}

function unbalanced(text: string, close: string): boolean {
  const open = close === ")" ? "(" : close === "]" ? "[" : "{";
  let depth = 0;
  for (const ch of text) depth += ch === open ? 1 : ch === close ? -1 : 0;
  return depth < 0;
}

const KNOWN_HOST =
  /^(?:www\.|export\.)?(?:arxiv\.org|(?:dx\.)?doi\.org|biorxiv\.org|medrxiv\.org|(?:pubmed\.|pmc\.)?ncbi\.nlm\.nih\.gov|europepmc\.org|openreview\.net|aclanthology\.org|aclweb\.org|dblp\.org|dblp\.uni-trier\.de|(?:api\.)?semanticscholar\.org)\//i;

/** Splits http(s) URLs by hand: the WHATWG parser would rewrite dot segments inside DOIs. */
function splitUrl(text: string): { host: string; path: string; query: string } | null {
  const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(text)
    ? text
    : KNOWN_HOST.test(text)
      ? `https://${text}`
      : null;
  if (!withScheme) return null;
  const m = /^https?:\/\/([^/?#\s]+)([^?#\s]*)(\?[^#\s]*)?(?:#\S*)?$/i.exec(withScheme);
  if (!m) return null;
  const host = (m[1] ?? "")
    .toLowerCase()
    .replace(/:\d+$/, "")
    .replace(/^(?:www|export|m)\./, "");
  return { host, path: m[2] ?? "", query: m[3] ?? "" };
}

const pmid = (s: string) => numberId("pmid", s);
const s2 = (s: string): PaperId => ({ scheme: "s2", value: s.toLowerCase() });
const DBLP_REC =
  /^\/rec\/(?:(?:bibtex|bib[0-2]?|html|xml|ris|rdf)\/)?(.+?)(?:\.(?:html|xml|bib|ris|nt|rdf|ttl))?$/;

/** Host (without www. or export.), path whose first group is the id, and how to read it. */
const URL_RULES: [RegExp, RegExp, (id: string) => PaperId | null][] = [
  [/^arxiv\.org$/, /^\/(?:abs|pdf|html|format)\/(.+?)(?:\.pdf)?\/?$/i, arxivFrom],
  [/^(?:dx\.)?doi\.org$/, /^\/(.+)$/, doiFrom],
  [/^(?:bio|med)rxiv\.org$/, /^\/content\/(10\.\d+\/[\d.]+(?:v\d+)?)(?:\.[a-z-]+)*\/?$/i, doiFrom],
  [/^pubmed\.ncbi\.nlm\.nih\.gov$/, /^\/(\d+)\/?$/, pmid],
  [/^ncbi\.nlm\.nih\.gov$/, /^\/pubmed\/(\d+)\/?$/, pmid],
  [/^ncbi\.nlm\.nih\.gov$/, /^\/pmc\/articles\/(pmc\d+)(?:\/.*)?$/i, pmcidFrom],
  [/^pmc\.ncbi\.nlm\.nih\.gov$/, /^\/articles\/(pmc\d+)(?:\/.*)?$/i, pmcidFrom],
  [/^europepmc\.org$/, /^\/(?:article|abstract)\/med\/(\d+)\/?$/i, pmid],
  [/^europepmc\.org$/, /^\/(?:article|abstract)\/pmc\/(pmc\d+)\/?$/i, pmcidFrom],
  [/^openreview\.net$/, /^\/(?:forum|pdf)\/?\?(?:[^#]*&)?id=([\w-]+)(?:&.*)?$/, openreviewFrom],
  [/^aclanthology\.org$/, /^\/([^/]+?)(?:\.pdf|\.bib)?\/?$/i, aclFrom],
  [/^aclweb\.org$/, /^\/anthology\/([^/]+?)(?:\.pdf|\.bib)?\/?$/i, aclFrom],
  [/^dblp\.(?:org|uni-trier\.de|dagstuhl\.de)$/, DBLP_REC, dblpFrom],
  [/^semanticscholar\.org$/, /^\/paper\/(?:[^/]+\/)?([0-9a-f]{40})\/?$/i, s2],
  [/^semanticscholar\.org$/, /^\/arxiv\/(.+?)\/?$/i, arxivFrom],
  [/^api\.semanticscholar\.org$/, /^\/corpusid:(\d+)\/?$/i, (s) => numberId("s2corpus", s)],
];

function fromUrl(host: string, path: string, query: string): PaperId | null {
  // Only OpenReview keeps its id in the query; elsewhere a query is tracking noise.
  const target = host === "openreview.net" ? path + query : path;
  for (const [hostRule, pathRule, read] of URL_RULES) {
    const id = hostRule.test(host) ? pathRule.exec(target)?.[1] : undefined;
    if (id !== undefined) return read(id);
  }
  return null;
}

function openreviewFrom(text: string): PaperId | null {
  return OPENREVIEW.test(text) ? { scheme: "openreview", value: text } : null;
}

function arxivFrom(text: string): PaperId | null {
  const match = ARXIV_NEW.exec(text) ?? ARXIV_OLD.exec(text);
  if (!match?.[1]) return null;
  return withVersion("arxiv", normalizeOldArxiv(match[1]), match[2]);
}

function doiFrom(text: string): PaperId | null {
  const doi = trimTrailing(text.trim()).toLowerCase();
  if (!DOI.test(doi)) return null;
  const arxiv = ARXIV_DOI.exec(doi);
  if (arxiv?.[1]) return arxivFrom(arxiv[1]);
  const rxiv = RXIV_DOI.exec(doi);
  if (rxiv?.[1]) return withVersion("doi", rxiv[1], rxiv[2]);
  return { scheme: "doi", value: doi };
}

function dblpFrom(text: string): PaperId | null {
  const corr = DBLP_CORR_NEW.exec(text);
  if (corr?.[1]) return arxivFrom(corr[2] ? `${corr[1]}v${corr[2]}` : corr[1]);
  const abs = DBLP_CORR_ABS.exec(text);
  if (abs) return arxivFrom(`${abs[1]}.${abs[2]}`);
  const old = DBLP_CORR_OLD.exec(text);
  if (old) return arxivFrom(`cs.${old[1]}/${old[2]}`);
  const key = DBLP_KEY.exec(text);
  return key ? { scheme: "dblp", value: `${(key[1] ?? "").toLowerCase()}${key[2]}` } : null;
}

function aclFrom(text: string): PaperId | null {
  const modern = ACL_NEW.exec(text)?.[1];
  if (modern) return { scheme: "acl", value: modern.toLowerCase() };
  const old = ACL_OLD.exec(text)?.[1];
  return old ? { scheme: "acl", value: old.toUpperCase() } : null;
}

function pmcidFrom(text: string): PaperId | null {
  const n = DIGITS.exec(text.replace(/^pmc/i, ""))?.[1];
  return n && n.length <= 9 ? { scheme: "pmcid", value: `PMC${n}` } : null;
}

function numberId(scheme: "pmid" | "s2corpus", text: string): PaperId | null {
  const n = DIGITS.exec(text)?.[1];
  return n ? { scheme, value: n } : null;
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function normalizeOldArxiv(id: string): string {
  const slash = id.indexOf("/");
  if (slash < 0) return id;
  const [archive = "", subject] = id.slice(0, slash).split(".");
  const prefix = subject
    ? `${archive.toLowerCase()}.${subject.toUpperCase()}`
    : archive.toLowerCase();
  return prefix + id.slice(slash);
}

function withVersion(scheme: IdScheme, value: string, version: string | undefined): PaperId {
  return version ? { scheme, value, version: Number(version) } : { scheme, value };
}

/** The canonical text of an identifier; parsePaperId reads it back to the same id. */
export function formatPaperId(id: PaperId): string {
  const v = id.version ? `v${id.version}` : "";
  switch (id.scheme) {
    case "pmid":
      return `pmid:${id.value}`;
    case "openreview":
      return `openreview:${id.value}`;
    case "s2corpus":
      return `CorpusId:${id.value}`;
    default:
      return `${id.value}${v}`;
  }
}

/** The public page of an identifier at its home service. */
export function externalUrl(id: PaperId): string {
  const v = id.version ? `v${id.version}` : "";
  switch (id.scheme) {
    case "arxiv":
      return `https://arxiv.org/abs/${id.value}${v}`;
    case "doi":
      // doi.org always serves the newest version; a named bioRxiv/medRxiv version has its own page.
      return v
        ? `https://www.biorxiv.org/content/${id.value}${v}`
        : `https://doi.org/${encodeDoi(id.value)}`;
    case "pmid":
      return `https://pubmed.ncbi.nlm.nih.gov/${id.value}/`;
    case "pmcid":
      return `https://pmc.ncbi.nlm.nih.gov/articles/${id.value}/`;
    case "openreview":
      return `https://openreview.net/forum?id=${encodeURIComponent(id.value)}`;
    case "acl":
      return `https://aclanthology.org/${id.value}/`;
    case "dblp":
      return `https://dblp.org/rec/${id.value}`;
    case "s2":
      return `https://www.semanticscholar.org/paper/${id.value}`;
    case "s2corpus":
      return `https://api.semanticscholar.org/CorpusID:${id.value}`;
  }
}

/** Escapes what would end or confuse a URL path; keeps DOIs' `;:()` readable. */
function encodeDoi(doi: string): string {
  return doi.replace(/[%?#"<>\\^`{|}]/g, (c) => encodeURIComponent(c));
}

export function arxivPdfUrl(arxiv: string): string {
  return `https://arxiv.org/pdf/${arxiv}`;
}
