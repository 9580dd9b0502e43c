// The original's RSS description (templates/rss.php): the Markdown source with URLs removed,
// cut to its first 500 characters with "..." when longer. Pure.
//
// Two deliberate differences, both kinder to readers and to the bot that quotes it:
// - The cut counts characters (code points), not bytes: PHP's substr cut UTF-8 sequences in
//   half and produced invalid text.
// - A Markdown link keeps its text (`[the paper](https://…)` → `the paper`) instead of the
//   original's `[the paper]()`; an image keeps its alt text. Bare URLs go, as there.

import { FEED_EXCERPT_CHARS } from "../core/limits";

// The original's pattern, unchanged: scheme, then URL characters, ending on one that is not
// punctuation (so "see http://x.org." keeps its full stop).
const URL = /\b(?:https?|ftp|file):\/\/[-A-Z0-9+&@#/%?=~_|$!:,.;]*[A-Z0-9+&@#/%=~_|$]/gi;
// `[text](target "title")` and `![alt](target)`; the target has no spaces or parentheses
// except a title in quotes. Nested brackets are rare in summaries and left as they are.
// Linear on any input: the text stops at the next `[`, and each run of spaces is taken whole
// by a lookahead and a backreference (an atomic group), so a summary of `[a](` and 100 KB of
// blank lines can't make the pattern try every way of splitting them (seconds, not ms).
const MD_LINK =
  /!?\[([^[\]\n]*)\]\((?=(\s*))\2<?[^()\s<>]*>?(?:(?=(\s+))\3"[^"\n]*")?(?=(\s*))\4\)/g;
// `<https://…>` autolinks: the brackets would be left empty. The URL stops at the next `<`.
const AUTOLINK = /<(?:https?|ftp|file):\/\/[^<>\s]*>/gi;

/** The Markdown with every URL removed (the full text of rss-full.xml). */
export function withoutUrls(markdown: string): string {
  return markdown.replace(MD_LINK, "$1").replace(AUTOLINK, "").replace(URL, "");
}

/**
 * The description of rss.xml and rss-all.xml items. Only the source's start is read: what URLs
 * remove from it is rarely more than a few hundred characters each, and a feed runs this on
 * every item.
 */
export function legacyExcerpt(markdown: string, chars = FEED_EXCERPT_CHARS): string {
  const head = markdown.length > chars * 40 ? markdown.slice(0, chars * 40) : markdown;
  const text = withoutUrls(head);
  const points = Array.from(text);
  return points.length > chars ? `${points.slice(0, chars).join("")}...` : text;
}
