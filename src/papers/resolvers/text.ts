// Metadata text to clean plain text: markup tags dropped (<i>, <sub>, JATS, MathML), HTML
// entities decoded, TeX accents converted, runs of whitespace and newlines collapsed.

import { decodeEntities } from "./html-entities";
import { texToUnicode } from "./tex-text";

// A tag starts with a letter right after `<`, so "a < b" in a title survives.
const TAG = /<\/?[A-Za-z][\w:.-]*(?:\s[^<>]*)?\/?>/g;
// After decoding, &lt;i&gt; has become <i>: drop formatting tags a second time, but only those.
const FORMAT_TAG =
  /<\/?(?:i|b|em|strong|sub|sup|u|tt|sc|scp|span|br|p|mml:\w+|jats:\w+)(?:\s[^<>]*)?\/?>/gi;

function plain(text: string): string {
  return decodeEntities(text.replace(TAG, "")).replace(FORMAT_TAG, "");
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function cleanText(text: string | null | undefined): string {
  return text ? collapse(texToUnicode(plain(text))) : "";
}

/** Titles: also drops BibTeX's protective braces. */
export function cleanTitle(text: string | null | undefined): string {
  return text ? collapse(texToUnicode(plain(text), true)) : "";
}

/**
 * Abstracts keep their paragraphs: a blank line, a closing </p> or </title> (JATS), or — in arXiv's
 * hard-wrapped abstracts — a line that starts indented.
 */
export function cleanAbstract(text: string | null | undefined, indentedParagraphs = false): string {
  if (!text) return "";
  let t = text.replace(/<\/(?:jats:)?(?:p|title|sec)>/gi, "\n\n");
  if (indentedParagraphs) t = t.replace(/\n(?=[ \t]+\S)/g, "\n\n");
  return t
    .split(/\n\s*\n/)
    .map((p) => cleanText(p))
    .filter((p) => p.length > 0 && !/^abstract$/i.test(p))
    .join("\n\n");
}

/** A person's name; DBLP's homonym numbers ("Wei Wang 0001") are not part of it. */
export function cleanName(text: string | null | undefined): string {
  return cleanText(text).replace(/\s+\d{4}$/, "");
}

/** A year between 1000 and 2999 from a number or the first 4-digit run of a string. */
export function yearOf(value: unknown): number | null {
  const n =
    typeof value === "number" ? value : Number(/\b([12]\d{3})\b/.exec(String(value ?? ""))?.[1]);
  return Number.isInteger(n) && n >= 1000 && n <= 2999 ? n : null;
}
