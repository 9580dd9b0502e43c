import { decodeAuthors } from "../papers/papers.mapper";
import { excerptOf } from "../render/excerpt";
import type { SummaryCardRow } from "./summaries.repo";
import type { AuthorView } from "./summary-view";

/** A summary as lists of many show it: its paper's details and an excerpt, not its whole text. */
export interface SummaryCard {
  id: number;
  paperTitle: string;
  paperPath: string;
  /** In order; a card names the first few and "et al.". */
  paperAuthors: string[];
  paperYear: number | null;
  venue: { key: string; name: string } | null;
  /** Absent for an anonymous summary (never sent to the view). */
  author: AuthorView | null;
  score: number;
  createdAt: string;
  commentCount: number;
  /** The summary's first blocks (render/excerpt.ts), sanitized HTML as stored. */
  excerptHtml: string;
  /** Whether the excerpt leaves part of the summary out. */
  excerptCut: boolean;
}

export function toSummaryCard(row: SummaryCardRow, paperPath: string): SummaryCard {
  // A row stored before excerpts were has none yet (until `shortscience rerender`): its card
  // makes one from the HTML, which the query read for it alone.
  const excerpt =
    row.excerpt_html === null
      ? excerptOf(row.html_without_excerpt ?? "")
      : { html: row.excerpt_html, cut: row.excerpt_cut === 1 };
  return {
    id: row.id,
    paperTitle: row.paper_title,
    paperPath,
    paperAuthors: decodeAuthors(row.paper_authors),
    paperYear: row.paper_year,
    venue:
      row.venue_key !== null && row.venue_name !== null
        ? { key: row.venue_key, name: row.venue_name }
        : null,
    author:
      row.is_anonymous === 1
        ? null
        : { username: row.author_username, displayName: row.author_display_name },
    score: row.score,
    createdAt: row.created_at,
    commentCount: row.comment_count ?? 0,
    excerptHtml: excerpt.html,
    excerptCut: excerpt.cut,
  };
}
