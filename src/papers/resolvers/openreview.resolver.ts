// OpenReview API 2: /notes?id=ID. A note that is not public answers 403, which for a
// visitor is the same as not existing.

import type { HttpClient } from "./http-client";
import { toResult } from "./lookup-result";
import { parseOpenReviewNotes } from "./openreview.parse";
import type { EndpointOptions, Resolver } from "./types";

export function openReviewResolver(http: HttpClient, o: EndpointOptions): Resolver {
  return {
    name: "openreview",
    handles: (id) => id.scheme === "openreview",
    async lookup(id) {
      const url = `${o.endpoint}/notes?id=${encodeURIComponent(id.value)}`;
      const outcome = await http.get(url, {
        accept: "application/json",
        minIntervalMs: o.minIntervalMs,
      });
      return toResult(
        "OpenReview",
        outcome,
        (body) => parseOpenReviewNotes(body, id.value),
        [400, 403, 404, 410],
      );
    },
  };
}
