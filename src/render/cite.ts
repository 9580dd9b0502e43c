import type { MarkdownIt, StateInline } from "markdown-it";
import { escapeHtml } from "./escape";

// \cite{key} (and \citep, \citet; several keys separated by commas) links to the paper.
const CITE = /\\cite[pt]?\{([^{}\n]{1,500})\}/y;

function citeRule(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x5c) return false;
  CITE.lastIndex = state.pos;
  const m = CITE.exec(state.src);
  if (!m) return false;
  const keys = (m[1] ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k !== "");
  if (keys.length === 0) return false;
  if (!silent) {
    const token = state.push("cite", "", 0);
    token.meta = { keys };
  }
  state.pos += m[0].length;
  return true;
}

export function citeHtml(keys: readonly string[]): string {
  const links = keys.map(
    (k) => `<a class="cite" href="/lookup?q=${encodeURIComponent(k)}">${escapeHtml(k)}</a>`,
  );
  return `[${links.join(", ")}]`;
}

export function citePlugin(md: MarkdownIt): void {
  md.inline.ruler.before("escape", "cite", citeRule);
  md.renderer.rules.cite = (tokens, idx) =>
    citeHtml((tokens[idx]?.meta as { keys?: string[] } | undefined)?.keys ?? []);
}
