import katex, { type KatexOptions, type TrustContext } from "katex";
import {
  KATEX_CACHE_MAX_CHARS,
  KATEX_CACHE_MAX_ENTRIES,
  KATEX_MAX_EXPAND,
  KATEX_MAX_SIZE_EM,
} from "../core/limits";
import { BASE_MACROS, type KatexMacro } from "./katex-macros";
import { Lru } from "./lru";

/** What KaTeX made of one expression. */
export interface TexOutcome {
  /** KaTeX HTML+MathML, or null when the expression failed. */
  html: string | null;
  error: string | null;
  /** Work done (see KATEX_MAX_WORK_PER_EXPRESSION); equals the limit when it ran out. */
  work: number;
  /** True when the work limit stopped it. */
  exhausted: boolean;
}

// Only web links, and nothing else that trust would unlock (\htmlClass, \htmlStyle,
// \htmlId, \htmlData, \includegraphics): those render as inert red text instead.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
const WEB_URL = /^https?:\/\/[^\s"'<>\\`\u0000-\u001f\u007f]+$/i;

function trust(context: TrustContext): boolean {
  if (context.command !== "\\href" && context.command !== "\\url") return false;
  const protocol = (context.protocol ?? "").toLowerCase();
  return (protocol === "http" || protocol === "https") && WEB_URL.test(context.url);
}

class WorkExhausted extends Error {}

/**
 * A fresh macro table for one KaTeX call, counting look-ups: KaTeX consults the table for
 * every token it reads (also tokens that macros produce), so the count measures its work
 * and throwing stops a runaway expansion at once, however the TeX is written.
 */
function countingMacros(extra: Readonly<Record<string, KatexMacro>>, limit: number) {
  const counter = { work: 0 };
  const table: Record<string, KatexMacro> = { ...BASE_MACROS, ...extra };
  const macros = new Proxy(table, {
    getOwnPropertyDescriptor(target, key) {
      counter.work++;
      if (counter.work > limit) throw new WorkExhausted();
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
  return { macros, counter };
}

/** KaTeX's message without the echo of the source (shown separately). */
export function cleanKatexMessage(error: unknown): string {
  if (error instanceof katex.ParseError) {
    const at = Number.isInteger(error.position) ? ` (at character ${error.position + 1})` : "";
    return `${error.rawMessage}${at}`;
  }
  if (error instanceof RangeError) return "The expression is nested too deeply.";
  return error instanceof Error ? error.message : String(error);
}

function renderUncached(
  tex: string,
  display: boolean,
  extra: Readonly<Record<string, KatexMacro>>,
  limit: number,
): TexOutcome & { cacheable: boolean } {
  const { macros, counter } = countingMacros(extra, limit);
  const options: KatexOptions = {
    displayMode: display,
    output: "htmlAndMathml",
    throwOnError: true,
    strict: "ignore",
    trust,
    maxExpand: KATEX_MAX_EXPAND,
    maxSize: KATEX_MAX_SIZE_EM,
    // MathJax 2 semantics, which summaries were written for: \color{red}{x} colours x only.
    colorIsTextColor: true,
    macros: macros as KatexOptions["macros"],
  };
  try {
    let html = katex.renderToString(tex, options);
    // \href and \url are the only links KaTeX emits, and always to other sites.
    if (html.includes("<a "))
      html = html.replaceAll("<a href=", '<a rel="nofollow ugc noopener" href=');
    return { html, error: null, work: counter.work, exhausted: false, cacheable: true };
  } catch (error) {
    if (error instanceof WorkExhausted) {
      return { html: null, error: null, work: limit, exhausted: true, cacheable: true };
    }
    // A stack overflow depends on the thread's stack size, so it is not remembered.
    const cacheable = error instanceof katex.ParseError;
    const message = cleanKatexMessage(error);
    return { html: null, error: message, work: counter.work, exhausted: false, cacheable };
  }
}

const cache = new Lru<TexOutcome>(KATEX_CACHE_MAX_ENTRIES, KATEX_CACHE_MAX_CHARS);

/** Forget memoized output (benchmarks measure cold renders with it). */
export function clearKatexCache(): void {
  cache.clear();
}

/**
 * KaTeX for one prepared expression, memoized per (display, extra macros, TeX). The outcome
 * is the same with or without the cache: a remembered render that needed more work than
 * `limit` allows reports exhaustion, as rendering it afresh would.
 */
export function renderTex(
  tex: string,
  display: boolean,
  extra: Readonly<Record<string, KatexMacro>>,
  extraKey: string,
  limit: number,
): TexOutcome {
  const key = `${display ? "D" : "I"}${extraKey}\u0000${tex}`;
  const known = cache.get(key);
  if (known !== undefined) {
    if (!known.exhausted && known.work <= limit) return known;
    if (limit <= known.work) return { html: null, error: null, work: limit, exhausted: true };
  }
  const { cacheable, ...outcome } = renderUncached(tex, display, extra, limit);
  if (cacheable) cache.set(key, outcome, key.length + (outcome.html?.length ?? 0));
  return outcome;
}
