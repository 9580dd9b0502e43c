// DBLP: a key's record as XML, dblp.org/rec/KEY.xml (404 for an unknown key).

import { parseDblpRecord } from "./dblp.parse";
import type { HttpClient } from "./http-client";
import { pathSegment, toResult } from "./lookup-result";
import type { EndpointOptions, Resolver } from "./types";

export function dblpResolver(http: HttpClient, o: EndpointOptions): Resolver {
  return {
    name: "dblp",
    handles: (id) => id.scheme === "dblp",
    async lookup(id) {
      const url = `${o.endpoint}/rec/${pathSegment(id.value)}.xml`;
      const outcome = await http.get(url, {
        accept: "application/xml",
        minIntervalMs: o.minIntervalMs,
      });
      return toResult("DBLP", outcome, parseDblpRecord);
    },
  };
}
