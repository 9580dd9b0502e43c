// From an HTTP outcome to a LookupResult, the same way for every service.

import type { HttpOutcome } from "./http-client";
import type { LookupResult, PaperMetadata } from "./types";

/** The message the person sees: which service, why, and that trying again may work. */
export function unavailable(service: string, reason: string, slow = false): LookupResult {
  return {
    status: "unavailable",
    reason: `${service} could not be reached: ${reason}. Please try again in a moment.`,
    service,
    ...(slow ? { slow: true as const } : {}),
  };
}

// 400 is what APIs answer for an id that cannot exist (a malformed DOI or arXiv id).
const NOT_FOUND = [400, 404, 410];

/** The service was not really asked (see HttpOutcome's `busy`): a minute later it may be. */
export function busy(service: string, reason: string): LookupResult {
  return {
    status: "unavailable",
    reason: `${service} could not be asked now: ${reason}. Please try again in a minute.`,
    busy: true,
    service,
  };
}

export function toResult(
  service: string,
  outcome: HttpOutcome,
  parse: (body: string) => PaperMetadata | null,
  notFoundStatuses: number[] = NOT_FOUND,
): LookupResult {
  if (!outcome.ok) {
    return outcome.busy
      ? busy(service, outcome.reason)
      : unavailable(service, outcome.reason, outcome.slow === true);
  }
  if (notFoundStatuses.includes(outcome.status)) return { status: "not_found" };
  if (outcome.status < 200 || outcome.status >= 300) {
    return unavailable(service, `it answered HTTP ${outcome.status}`);
  }
  const metadata = parse(outcome.body);
  return metadata ? { status: "found", metadata } : { status: "not_found" };
}

/** A DOI or prefixed id in a URL path: escaped, but with its slashes and colons readable. */
export function pathSegment(id: string): string {
  return encodeURIComponent(id).replace(/%2F/gi, "/").replace(/%3A/gi, ":");
}
