import type { MarkdownIt, StateInline } from "markdown-it";
import { CITE_MAX_CHARS } from "../core/limits";

// \cite{key} (also \citep, \citet) outside math links each key to the paper lookup:
// `\cite{a,b}` becomes two links. The closing brace is looked for within CITE_MAX_CHARS
// only, so text full of `\cite{` stays linear.
const COMMANDS = ["\\cite{", "\\citep{", "\\citet{"];

function citeRule(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src.charCodeAt(pos) !== 0x5c || src.charCodeAt(pos + 1) !== 0x63) return false;
  const command = COMMANDS.find((c) => src.startsWith(c, pos));
  if (command === undefined) return false;
  const open = pos + command.length;
  const limit = Math.min(state.posMax, open + CITE_MAX_CHARS + 1);
  let close = -1;
  for (let i = open; i < limit; i++) {
    const code = src.charCodeAt(i);
    if (code === 0x7d) {
      close = i;
      break;
    }
    if (code === 0x7b || code === 0x0a) return false;
  }
  if (close < 0) return false;
  const keys = src
    .slice(open, close)
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k !== "");
  if (keys.length === 0 || keys.some((k) => /\s/.test(k))) return false;
  if (!silent) pushCitations(state, keys);
  state.pos = close + 1;
  return true;
}

function pushCitations(state: StateInline, keys: string[]): void {
  keys.forEach((key, i) => {
    if (i > 0) state.push("text", "", 0).content = ", ";
    // Inside a link a nested link is invalid HTML: the key stays text there.
    if (state.linkLevel > 0) {
      state.push("text", "", 0).content = key;
      return;
    }
    const open = state.push("link_open", "a", 1);
    open.attrs = [
      ["class", "cite"],
      ["href", `/lookup?q=${encodeURIComponent(key)}`],
    ];
    open.markup = "cite";
    state.push("text", "", 0).content = key;
    state.push("link_close", "a", -1).markup = "cite";
  });
}

export function citePlugin(md: MarkdownIt): void {
  md.inline.ruler.before("escape", "cite", citeRule);
}
