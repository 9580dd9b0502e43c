// A reader's query → terms, and terms → each database's query syntax. Pure.
//
// User text never reaches FTS5's MATCH or PostgreSQL's to_tsquery as syntax: we read the
// query ourselves ("quoted phrases", `word*` prefixes, plain words, all ANDed) and write each
// term back quoted (FTS5) or as letters and digits only (tsquery), so operators, stray
// quotes, NUL or parentheses are just text.

import { SEARCH_MAX_TERMS, SEARCH_PREFIX_MIN_CHARS } from "../core/limits";

export interface SearchTerm {
  /** The words of the term, NFC, as typed (the databases fold case and diacritics). */
  text: string;
  /** Quoted: the words in this order, next to each other. */
  phrase: boolean;
  /** `word*`: the last word is a prefix. */
  prefix: boolean;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
// Control characters, private-use characters (our snippet markers) and lone surrogates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const UNWANTED = /[\u0000-\u001f\u007f-\u009f\ue000-\uf8ff]|\p{Cs}/gu;

/** Letters-and-digits runs of a term (what the tsquery side is built from). */
export function wordsOf(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

/** The terms of a query; [] when it holds no letter or digit (nothing to search). */
export function parseSearchQuery(input: string): SearchTerm[] {
  const q = input.normalize("NFC").replace(UNWANTED, " ");
  const terms: SearchTerm[] = [];
  const add = (raw: string, phrase: boolean) => {
    let text = raw.trim();
    let prefix = false;
    if (!phrase && text.endsWith("*")) {
      text = text.replace(/\*+$/, "");
      const last = wordsOf(text).at(-1) ?? "";
      prefix = last.length >= SEARCH_PREFIX_MIN_CHARS && WORD_CHAR.test(text.at(-1) ?? "");
    }
    text = text.replace(/\s+/g, " ");
    if (!WORD_CHAR.test(text)) return;
    terms.push({ text, phrase, prefix });
  };
  // Quotes pair up left to right; an unbalanced one quotes the rest of the query.
  const parts = q.split('"');
  parts.forEach((part, i) => {
    if (i % 2 === 1) add(part, true);
    else for (const word of part.split(/\s+/)) if (word) add(word, false);
  });
  // The same term twice adds nothing but work.
  const seen = new Set<string>();
  return terms
    .filter((t) => {
      const key = `${t.phrase}|${t.prefix}|${t.text.toLowerCase()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, SEARCH_MAX_TERMS);
}

/** FTS5 MATCH text: each term a quoted string (quotes doubled), prefixes starred, ANDed. */
export function fts5Match(terms: readonly SearchTerm[]): string {
  return terms.map((t) => `"${t.text.replaceAll('"', '""')}"${t.prefix ? " *" : ""}`).join(" AND ");
}

/**
 * Two words or more (in any terms): a query that may be a title typed in full, so a bounded
 * window also ranks papers whose title holds every term (search-*.repo.ts). One word alone
 * is left out: a one-word title is rare, and for a common word that search costs more than
 * the window itself (~10 ms at 1M papers, measured).
 */
export function mayBeTitle(terms: readonly SearchTerm[]): boolean {
  return terms.reduce((n, t) => n + wordsOf(t.text).length, 0) >= 2;
}

/**
 * The longest title taken for the query itself, when it holds every term: the query's words
 * and spaces, a tenth more and two characters (case and punctuation: "Attention Is All You
 * Need?"). Such titles come first, shortest first (search-*.repo.ts): the paper whose title
 * was typed, even when a longer title or an abstract holds the words more often.
 */
export function exactTitleChars(terms: readonly SearchTerm[]): number {
  const chars = terms.map((t) => wordsOf(t.text).join(" ")).join(" ").length;
  return Math.floor(chars * 1.1) + 2;
}

/**
 * A term as a to_tsquery string made only of letter-and-digit words, each single-quoted:
 * `'foo' <-> 'bar':*`. Nothing of the reader's text is syntax: a word holds no quote,
 * backslash, colon or operator.
 */
export function tsqueryText(term: SearchTerm): string {
  const words = wordsOf(term.text);
  return words
    .map((w, i) => `'${w}'${term.prefix && i === words.length - 1 ? ":*" : ""}`)
    .join(" <-> ");
}
