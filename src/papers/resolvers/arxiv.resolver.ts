// arXiv API: export.arxiv.org/api/query?id_list=ID (Atom). Asked without a version, it
// describes the newest one, which is what a new paper page wants.

import type { PaperId } from "../ids";
import { parseArxivAtom } from "./arxiv.parse";
import type { HttpClient } from "./http-client";
import { toResult } from "./lookup-result";
import type { EndpointOptions, Resolver } from "./types";

export function arxivResolver(http: HttpClient, o: EndpointOptions): Resolver {
  return {
    name: "arxiv",
    handles: (id: PaperId) => id.scheme === "arxiv",
    async lookup(id) {
      const url = `${o.endpoint}?id_list=${encodeURIComponent(id.value)}&max_results=1`;
      const outcome = await http.get(url, {
        accept: "application/atom+xml",
        minIntervalMs: o.minIntervalMs,
      });
      return toResult("arXiv", outcome, (body) => parseArxivAtom(body, id.value));
    },
  };
}
