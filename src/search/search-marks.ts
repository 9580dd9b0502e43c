// Highlighted snippets as HTML. The databases mark matches with two private-use characters
// (FTS5 snippet()/highlight(), PostgreSQL ts_headline); we escape the whole text and only
// then turn our markers into <mark>, so a title or summary holding "<script>" or "&" stays
// text and <mark> is the only markup. The query parser drops private-use characters, but a
// stored text may hold them: markers are paired up here, so the HTML is always balanced.

import { escapeHtml } from "../render/escape";

export const MARK_OPEN = "\ue000";
export const MARK_CLOSE = "\ue001";

/** Marked text → safe HTML with balanced <mark> elements. */
export function markedHtml(text: string): string {
  let open = false;
  let html = "";
  for (const piece of text.split(/([\ue000\ue001])/)) {
    if (piece === MARK_OPEN) {
      if (!open) html += "<mark>";
      open = true;
    } else if (piece === MARK_CLOSE) {
      if (open) html += "</mark>";
      open = false;
    } else {
      html += escapeHtml(piece);
    }
  }
  return open ? `${html}</mark>` : html;
}
