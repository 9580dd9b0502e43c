import type { MathIssue } from "../core/render-contract";

// HTML we write ourselves and must not pass through the sanitizer (KaTeX uses classes,
// inline styles and MathML; our math wrappers carry classes and tabindex). While the document
// is rendered and sanitized, each such fragment stands in the text as a placeholder of
// private-use characters; after sanitizing, the placeholders are replaced by the fragments.
//
// Why this is safe: the placeholder characters are removed from the author's source before
// parsing, and the sanitizer strips them from every attribute value, so a placeholder that
// survives sanitizing stands where text stands, outside any raw-text element (the sanitizer
// emits none) — exactly where our fragment belongs. An author can still produce the
// characters through an entity (`&#xE000;`): that can only repeat or move one of our own
// fragments, and each fragment is put back once at most, so even that changes nothing.

const OPEN = "\uE000";
const CLOSE = "\uE001";
/** Both placeholder characters, wherever they stand. */
export const PLACEHOLDER_CHARS = /[\uE000\uE001]/g;
const PLACEHOLDER_OR_STRAY = /\uE000(\d{1,9})\uE001|[\uE000\uE001]/g;

/** The author's text without our placeholder characters. */
export function withoutPlaceholderChars(text: string): string {
  return text.includes(OPEN) || text.includes(CLOSE) ? text.replace(PLACEHOLDER_CHARS, "") : text;
}

interface Fragment {
  html: string;
  /** Set for an expression: null when it typeset, its issue when it failed. */
  math?: MathIssue | null;
}

export interface Restored {
  html: string;
  /** Expressions that reached the page (those inside removed elements do not count). */
  mathCount: number;
  mathErrors: MathIssue[];
}

export class TrustedFragments {
  private readonly fragments: Fragment[] = [];

  /** A placeholder for `html`; `math` marks an expression (null: typeset, else its issue). */
  add(html: string, math?: MathIssue | null): string {
    this.fragments.push(math === undefined ? { html } : { html, math });
    return `${OPEN}${this.fragments.length - 1}${CLOSE}`;
  }

  /** Puts the fragments back into sanitized HTML, each once; drops stray placeholder characters. */
  restore(sanitized: string): Restored {
    const used = new Set<number>();
    const mathErrors: MathIssue[] = [];
    let mathCount = 0;
    const html = sanitized.replace(PLACEHOLDER_OR_STRAY, (_whole, digits?: string) => {
      if (digits === undefined) return "";
      const index = Number(digits);
      const fragment = this.fragments[index];
      if (fragment === undefined || used.has(index)) return "";
      used.add(index);
      if (fragment.math !== undefined) {
        mathCount++;
        if (fragment.math !== null) mathErrors.push(fragment.math);
      }
      return fragment.html;
    });
    // Errors in document order, as the summary's author reads them.
    return { html, mathCount, mathErrors };
  }
}
