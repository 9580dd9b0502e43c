// Semantic Scholar Graph API: /paper/{id}?fields=…, where id is a paper id or a prefixed
// external id (DOI:, ARXIV:, PMID:, PMCID:, ACL:, CorpusId:). The key is optional: without
// it requests share the public pool; with it they are sent as x-api-key.

import type { PaperId } from "../ids";
import type { HttpClient } from "./http-client";
import { pathSegment, toResult } from "./lookup-result";
import { parseS2Paper, S2_FIELDS } from "./semantic-scholar.parse";
import type { EndpointOptions, Resolver } from "./types";

const PREFIX: Partial<Record<PaperId["scheme"], string>> = {
  doi: "DOI:",
  arxiv: "ARXIV:",
  pmid: "PMID:",
  pmcid: "PMCID:",
  acl: "ACL:",
  s2: "",
  s2corpus: "CorpusId:",
};

export function semanticScholarResolver(
  http: HttpClient,
  o: EndpointOptions & { apiKey: string | null },
): Resolver {
  return {
    name: "semantic-scholar",
    handles: (id) => PREFIX[id.scheme] !== undefined,
    async lookup(id) {
      const value = id.scheme === "pmcid" ? id.value.replace(/^PMC/, "") : id.value;
      const url = `${o.endpoint}/paper/${pathSegment(`${PREFIX[id.scheme] ?? ""}${value}`)}?fields=${S2_FIELDS}`;
      const outcome = await http.get(url, {
        accept: "application/json",
        minIntervalMs: o.minIntervalMs,
        headers: o.apiKey ? { "x-api-key": o.apiKey } : {},
      });
      return toResult("Semantic Scholar", outcome, parseS2Paper);
    },
  };
}
