// The reasons a reader can pick when reporting, and how a report's reason is stored: the
// reason's key on the first line, the reporter's own words (if any) after it.

export const REPORT_REASONS = [
  { key: "spam", label: "Spam or advertising" },
  { key: "abuse", label: "Abuse or harassment" },
  { key: "plagiarism", label: "Plagiarism" },
  { key: "misleading", label: "Wrong or misleading" },
  { key: "other", label: "Something else" },
] as const;

export type ReportReasonKey = (typeof REPORT_REASONS)[number]["key"];

export function isReportReason(value: string): value is ReportReasonKey {
  return REPORT_REASONS.some((r) => r.key === value);
}

export function storedReason(key: ReportReasonKey, details: string): string {
  return details === "" ? key : `${key}\n${details}`;
}

/** A stored reason as a moderator reads it: the reason's label and the reporter's words. */
export function readReason(stored: string): { label: string; details: string } {
  const newline = stored.indexOf("\n");
  const key = newline === -1 ? stored : stored.slice(0, newline);
  const details = newline === -1 ? "" : stored.slice(newline + 1);
  const label = REPORT_REASONS.find((r) => r.key === key)?.label ?? key;
  return { label, details };
}
