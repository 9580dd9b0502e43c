// Crossref REST API: /works/{doi}. The contact address in the User-Agent puts us in
// Crossref's "polite" pool.

import { parseCrossrefWork } from "./crossref.parse";
import type { HttpClient } from "./http-client";
import { pathSegment, toResult } from "./lookup-result";
import type { EndpointOptions, Resolver } from "./types";

export function crossrefResolver(http: HttpClient, o: EndpointOptions): Resolver {
  return {
    name: "crossref",
    handles: (id) => id.scheme === "doi",
    async lookup(id) {
      const url = `${o.endpoint}/works/${pathSegment(id.value)}`;
      const outcome = await http.get(url, {
        accept: "application/json",
        minIntervalMs: o.minIntervalMs,
      });
      return toResult("Crossref", outcome, parseCrossrefWork);
    },
  };
}
