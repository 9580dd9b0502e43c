// The names an account of the original site may take here, best first. Its usernames were
// `[a-z0-9]`, at most 20 characters (older rows mixed case); ours allow letters, digits, `_`
// and `-`, USERNAME_MIN to USERNAME_MAX. A name that is reserved here (isReservedUsername) or
// already someone else's gets `-legacy` (then `-legacy2`, …): deterministic, so the person can
// recognise it, and the import's report lists every rename. Pure: no I/O.

import { USERNAME_MAX, USERNAME_MIN } from "../core/limits";

const SUFFIX = "-legacy";

export function usernameCandidates(original: string, legacyId: number): string[] {
  const cleaned = original
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, USERNAME_MAX - SUFFIX.length - 2);
  const base = cleaned.length >= USERNAME_MIN ? cleaned : `user${legacyId}`;
  const names = [base, `${base}${SUFFIX}`];
  for (let n = 2; n <= 9; n++) names.push(`${base}${SUFFIX}${n}`);
  names.push(`legacy-${legacyId}`);
  return names;
}
