// The original's paper keys, as its feed items carried them (original-schema.md, "Formats").
// Pure. The Reddit bot matches `arxivid` against the bare id of an arxiv.org/abs/ link and
// then opens /paper?bibtexKey=<bibtexkey>, so the key must resolve there (ids.ts parses it).

import type { IdentifierLike } from "../papers/paper-paths";

export interface LegacyKeys {
  /** The bare arXiv id without version (1707.04585, hep-th/9901001), or null. */
  arxivId: string | null;
  bibtexKey: string;
}

const NEW_STYLE_ARXIV = /^\d{4}\.\d{4,5}$/;

export function legacyKeys(identifiers: readonly IdentifierLike[]): LegacyKeys {
  const of = (scheme: string) => identifiers.find((i) => i.scheme === scheme)?.value ?? null;
  const arxiv = of("arxiv");
  if (arxiv) {
    // The original keyed arXiv papers `journals/corr/<id>` (F l.464); an old-style id
    // (hep-th/9901001) in that form would not resolve here, so it stays bare.
    return {
      arxivId: arxiv,
      bibtexKey: NEW_STYLE_ARXIV.test(arxiv) ? `journals/corr/${arxiv}` : arxiv,
    };
  }
  const dblp = of("dblp");
  if (dblp) return { arxivId: null, bibtexKey: dblp };
  // CrossRef papers were keyed by their bare DOI (F l.298).
  const doi = of("doi");
  if (doi) return { arxivId: null, bibtexKey: doi };
  const other = identifiers[0];
  return { arxivId: null, bibtexKey: other ? `${other.scheme}:${other.value}` : "" };
}
