// Paper identifiers: parse what a researcher pastes into one normalized (scheme, value).
// Pure: no I/O. Issue 4 extends the schemes; the shape stays.

export type IdScheme = "arxiv" | "doi" | "dblp";

export interface PaperId {
  scheme: IdScheme;
  /** Normalized: arXiv without version, DOI lower-cased, DBLP key as is. */
  value: string;
  /** arXiv version number when the input named one (…v2). */
  version?: number;
}

const ARXIV_NEW = /^(\d{4}\.\d{4,5})(?:v(\d+))?$/;
const ARXIV_OLD = /^([a-z][a-z-]*(?:\.[a-z]{2})?\/\d{7})(?:v(\d+))?$/i;
const DBLP_CORR_NEW = /^journals\/corr\/(\d{4}\.\d{4,5})(?:v(\d+))?$/i;
const DBLP_CORR_ABS = /^journals\/corr\/abs-(\d{4})-(\d{4,5})$/i;
const DBLP_KEY =
  /^(?:conf|journals|books|phd|series|reference|persons|tr|ms|www)\/[\w.-]+\/[\w.-]+$/i;
const DOI = /^10\.\d{4,9}\/\S+$/;
const MAX_INPUT = 500;

export function parsePaperId(input: string): PaperId | null {
  let text = input.trim();
  if (text.length === 0 || text.length > MAX_INPUT) return null;
  text = stripUrl(text);

  const arxiv = text.replace(/^arxiv:\s*/i, "");
  const arxivMatch = ARXIV_NEW.exec(arxiv) ?? ARXIV_OLD.exec(arxiv);
  if (arxivMatch?.[1]) return arxivId(normalizeOldArxiv(arxivMatch[1]), arxivMatch[2]);

  const corr = DBLP_CORR_NEW.exec(text);
  if (corr?.[1]) return arxivId(corr[1], corr[2]);
  const corrAbs = DBLP_CORR_ABS.exec(text);
  if (corrAbs) return arxivId(`${corrAbs[1]}.${corrAbs[2]}`, undefined);

  const doi = text.replace(/^doi:\s*/i, "").replace(/[.,;:)\]}>]+$/, "");
  if (DOI.test(doi)) return { scheme: "doi", value: doi.toLowerCase() };

  if (DBLP_KEY.test(text)) return { scheme: "dblp", value: text };
  return null;
}

function stripUrl(text: string): string {
  const url = /^https?:\/\/(?:www\.|export\.)?([^/]+)\/(.*)$/i.exec(text);
  if (!url) return text;
  const host = (url[1] ?? "").toLowerCase();
  const rest = decodeURIComponentSafe(url[2] ?? "");
  if (host === "arxiv.org") return rest.replace(/^(?:abs|pdf|html)\//, "").replace(/\.pdf$/, "");
  if (host === "doi.org" || host === "dx.doi.org") return rest;
  return text;
}

function decodeURIComponentSafe(text: string): string {
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

function arxivId(value: string, version: string | undefined): PaperId {
  return version
    ? { scheme: "arxiv", value, version: Number(version) }
    : { scheme: "arxiv", value };
}

/** The public page of an identifier at its home service. */
export function externalUrl(id: PaperId): string {
  switch (id.scheme) {
    case "arxiv":
      return `https://arxiv.org/abs/${id.value}${id.version ? `v${id.version}` : ""}`;
    case "doi":
      return `https://doi.org/${id.value}`;
    case "dblp":
      return `https://dblp.org/rec/${id.value}`;
  }
}

export function arxivPdfUrl(arxiv: string): string {
  return `https://arxiv.org/pdf/${arxiv}`;
}
