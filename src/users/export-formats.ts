import { stringify } from "csv-stringify/sync";
import type { ExportSummary } from "../summaries/summary-view";

// The two shapes of "Export my summaries", pure: CSV rows, and one Markdown file with YAML
// front matter per summary.

/** The CSV's first row (the original site's export had none; a named column is clearer). */
export const CSV_HEADER = ["paper", "title", "text"] as const;

export function csvHeader(): string {
  return stringify([[...CSV_HEADER]]);
}

/** One record per summary: identifier, paper title, Markdown source as written (RFC 4180 quoting). */
export function csvRecords(summaries: readonly ExportSummary[]): string {
  return stringify(summaries.map((s) => [s.paperIdentifier, s.paperTitle, s.source]));
}

/**
 * A YAML double-quoted scalar. JSON's string syntax is a subset of YAML's; YAML also wants the
 * characters it does not allow raw (DEL, C1 controls, line and paragraph separators, BOM,
 * lone surrogates) escaped, which JSON leaves as they are.
 */
function yamlString(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The summary's own address: its permalink, or for a private one its secret share link. */
export function summaryUrl(s: ExportSummary, baseUrl: string): string {
  return s.isPrivate ? `${baseUrl}/shared/${s.shareToken}` : `${baseUrl}/summary/${s.id}`;
}

export function markdownFile(s: ExportSummary, baseUrl: string): { name: string; text: string } {
  const front = [
    "---",
    `title: ${yamlString(s.paperTitle)}`,
    `paper: ${yamlString(s.paperIdentifier)}`,
    `paper_url: ${yamlString(`${baseUrl}${s.paperPath}`)}`,
    `url: ${yamlString(summaryUrl(s, baseUrl))}`,
    `created: ${yamlString(s.createdAt)}`,
    `updated: ${yamlString(s.updatedAt)}`,
    `private: ${s.isPrivate}`,
    `anonymous: ${s.isAnonymous}`,
    "---",
    "",
  ].join("\n");
  return { name: fileName(s), text: `${front}${s.source}\n` };
}

/** "2024-05-01-arXiv_1707.04585-12.md": sortable, readable, unique by the summary's id. */
function fileName(s: ExportSummary): string {
  const slug = s.paperIdentifier.replace(/[^A-Za-z0-9.-]+/g, "_").slice(0, 80);
  return `${s.createdAt.slice(0, 10)}-${slug}-${s.id}.md`;
}
