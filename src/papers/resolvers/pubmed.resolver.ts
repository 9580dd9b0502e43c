// PubMed through NCBI E-utilities. A PMID is one efetch (XML, with the abstract). A PMCID
// first goes through esummary on db=pmc, which names the article's PMID; the PMID's record
// is then fetched for its abstract, and the PMC summary is the answer if that fails.

import type { PaperId } from "../ids";
import type { HttpClient } from "./http-client";
import { toResult } from "./lookup-result";
import { parsePmcSummary, parsePubmedXml } from "./pubmed.parse";
import type { EndpointOptions, LookupResult, Resolver } from "./types";

export function pubmedResolver(
  http: HttpClient,
  o: EndpointOptions & { contactEmail: string | null },
): Resolver {
  // NCBI asks tools to name themselves and a contact address in every request.
  const who = `&tool=shortscience${o.contactEmail ? `&email=${encodeURIComponent(o.contactEmail)}` : ""}`;

  async function byPmid(pmid: string): Promise<LookupResult> {
    const url = `${o.endpoint}/efetch.fcgi?db=pubmed&id=${pmid}&retmode=xml${who}`;
    const outcome = await http.get(url, {
      accept: "application/xml",
      minIntervalMs: o.minIntervalMs,
    });
    return toResult("PubMed", outcome, parsePubmedXml);
  }

  async function byPmcid(pmcid: string): Promise<LookupResult> {
    const digits = pmcid.replace(/^PMC/, "");
    const url = `${o.endpoint}/esummary.fcgi?db=pmc&id=${digits}&retmode=json${who}`;
    const outcome = await http.get(url, {
      accept: "application/json",
      minIntervalMs: o.minIntervalMs,
    });
    const summary = toResult("PubMed Central", outcome, (body) => parsePmcSummary(body, digits));
    if (summary.status !== "found") return summary;
    const pmid = summary.metadata.identifiers.find((i) => i.scheme === "pmid")?.value;
    const full = pmid ? await byPmid(pmid) : null;
    if (full?.status !== "found") return summary;
    const identifiers = [...full.metadata.identifiers];
    for (const i of summary.metadata.identifiers) {
      if (!identifiers.some((j) => j.scheme === i.scheme && j.value === i.value))
        identifiers.push(i);
    }
    return { status: "found", metadata: { ...full.metadata, identifiers } };
  }

  return {
    name: "pubmed",
    handles: (id: PaperId) => id.scheme === "pmid" || id.scheme === "pmcid",
    lookup: (id) => (id.scheme === "pmid" ? byPmid(id.value) : byPmcid(id.value)),
  };
}
