// Reading rendered HTML in tests: the TeX that KaTeX typeset (from the MathML annotation),
// and text without markup.

function decodeText(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The TeX of every typeset expression, in document order. */
export function typesetTex(html: string): string[] {
  const found: string[] = [];
  const re = /<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g;
  for (const m of html.matchAll(re)) found.push(decodeText(m[1] ?? ""));
  return found;
}

/** How many expressions were typeset in display mode. */
export function displayCount(html: string): number {
  return html.split('<span class="katex-display">').length - 1;
}

/** The HTML with every KaTeX expression replaced by ⟨TeX⟩: shows what surrounds the math. */
export function withoutKatex(html: string): string {
  let out = "";
  let i = 0;
  for (;;) {
    const start = html.indexOf('<span class="katex">', i);
    if (start < 0) return out + html.slice(i);
    out += html.slice(i, start);
    // KaTeX output is balanced spans: skip to the matching close tag.
    let depth = 0;
    let j = start;
    do {
      const open = html.indexOf("<span", j);
      const close = html.indexOf("</span>", j);
      if (close < 0) throw new Error("unbalanced KaTeX output");
      if (open >= 0 && open < close) {
        depth++;
        j = open + 5;
      } else {
        depth--;
        j = close + 7;
      }
    } while (depth > 0);
    out += `⟨${typesetTex(html.slice(start, j))[0] ?? ""}⟩`;
    i = j;
  }
}

/** Text content, tags removed and entities decoded. */
export function textOf(html: string): string {
  return decodeText(html.replace(/<[^>]*>/g, ""));
}
