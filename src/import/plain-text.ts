// The resolvers' text cleaners, with a fast path for what most snapshot text is: no TeX, no
// tags, no entities. Such text needs only its whitespace collapsed, and the cleaners' general
// path costs ~4× more; across a million abstracts that is most of an import's time. Same
// results as the cleaners (plain-text.test.ts compares them).

import { cleanAbstract, cleanName, cleanTitle } from "../papers/resolvers/text";

// What makes the general path do anything: TeX (\, braces), tags (<) and entities (&).
const MARKUP = /[\\{}<&]/;
const HOMONYM_END = /\d$/;

/** Same as replace(/\s+/g, " ").trim(), with a match only where the text is not one space. */
export const collapse = (text: string) => text.replace(/\s\s+|[^\S ]/g, " ").trim();

export function plainTitle(text: string): string {
  return MARKUP.test(text) ? cleanTitle(text) : collapse(text);
}

export function plainName(text: string): string {
  if (MARKUP.test(text)) return cleanName(text);
  const name = collapse(text);
  // A homonym number ("Wei Wang 0001") is not part of a name; few names end in a digit.
  return HOMONYM_END.test(name) ? name.replace(/\s+\d{4}$/, "") : name;
}

/** arXiv's hard-wrapped abstracts: a paragraph starts at an indented line or after a blank one. */
export function plainAbstract(text: string): string {
  if (MARKUP.test(text)) return cleanAbstract(text, true);
  return text
    .replace(/\n(?=[ \t]+\S)/g, "\n\n")
    .split(/\n\s*\n/)
    .map(collapse)
    .filter((p) => p.length > 0 && !/^abstract$/i.test(p))
    .join("\n\n");
}
