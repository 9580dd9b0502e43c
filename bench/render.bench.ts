// Rendering speed: realistic summaries per second, and hostile inputs at three sizes (linear
// growth doubles the time from each size to the next). Figures only; nothing here asserts.
import { renderMarkdown } from "../src/render";
import { clearKatexCache } from "../src/render/katex-render";

const BENCH_MS = 2_000;

interface Rate {
  /** Summaries per second of wall time. */
  perSecond: number;
  /**
   * Summaries per second of this process's CPU time: the renderer's own cost, which other
   * processes on a busy machine do not change (GC threads count in it too).
   */
  perCpuSecond: number;
}

/**
 * Summaries per second over about 2 s. Cold (the headline): the KaTeX memo is cleared before
 * every render and every render gets a source no earlier one saw (a distinct last line), so
 * nothing remembered helps: what a server spends on a summary it has never seen. Warm: the
 * same sources again and again with the memo kept.
 */
function renderRate(sources: string[], cold: boolean, ms = BENCH_MS): Rate {
  let rendered = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  while (performance.now() - started < ms) {
    for (const source of sources) {
      if (cold) clearKatexCache();
      renderMarkdown(cold ? `${source}\n\nRender ${rendered}.` : source);
      rendered++;
    }
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { perSecond: (rendered * 1000) / wallMs, perCpuSecond: (rendered * 1000) / cpuMs };
}

export interface RenderFigures {
  summaries: number;
  cold: Rate;
  warm: Rate;
  mathCount: number;
  mathErrors: number;
}

/** Cold (the headline) and warm summaries per second on `sources`. */
export async function benchRender(sources: string[]): Promise<RenderFigures> {
  if (sources.length === 0) throw new Error("benchRender needs at least one summary");
  let mathErrors = 0;
  let mathCount = 0;
  for (const source of sources) {
    const result = renderMarkdown(source);
    mathErrors += result.mathErrors.length;
    mathCount += result.mathCount;
  }
  // Let the JIT compile the cold path (KaTeX's parser and builders) before measuring it.
  renderRate(sources, true, BENCH_MS / 4);
  return {
    summaries: sources.length,
    cold: renderRate(sources, true),
    warm: renderRate(sources, false),
    mathCount,
    mathErrors,
  };
}

const KB = 1000;

function fill(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));
}

/** Hostile shapes, each a function of the size in bytes. */
const HOSTILE: [string, (bytes: number) => string][] = [
  ["unmatched *a_", (n) => fill("*a_ ", n)],
  ["unmatched a_", (n) => fill("a_ ", n)],
  ["unmatched a]", (n) => fill("a]", n)],
  ["unmatched [[[[", (n) => fill("[", n)],
  ["unmatched ![", (n) => fill("![", n)],
  ["**_", (n) => fill("**_", n)],
  [">>>>> blockquotes", (n) => `${fill(">", n)} x`],
  ["nested lists", (n) => fill("- ", n)],
  ["thousands of $", (n) => fill("$", n)],
  ["thousands of $ x", (n) => fill("$ x", n)],
  ["unclosed $$ lines", (n) => fill("$$x\n\n", n)],
  ["\\( without \\)", (n) => fill("\\(", n)],
  ["\\cite{ without }", (n) => fill("\\cite{a ", n)],
  ["long line of words", (n) => fill("lorem ipsum ", n)],
  ["bare URLs", (n) => fill("https://example.org/a ", n)],
  ["(((( in one expression", (n) => `$${fill("(", n - 2)}$`],
  ["(((( in many expressions", (n) => fill(`$${"(".repeat(98)}$ `, n)],
  ["distinct small expressions", (n) => distinct((i) => `$x_{${i}}$ `, n)],
  ["repeated expression", (n) => fill("$x_i^2$ ", n)],
  ["recursive \\def", (n) => fill("$\\def\\a{\\a\\a}\\a$ ", n)],
  ["distinct \\def chains", (n) => distinct(defChain, n)],
  ["huge \\rule", (n) => distinct((i) => `$\\rule{${i}em}{99999em}$ `, n)],
  ["HTML: nested <div>", (n) => fill("<div>", n / 2) + fill("</div>", n / 2)],
  ["HTML: nested <b>", (n) => fill("<b>", n / 2) + fill("</b>", n / 2)],
  ["HTML: unclosed <b>", (n) => fill("<b>", n)],
  ["HTML: unclosed <div>", (n) => fill("<div>", n)],
  ["HTML: closing tags closing nothing", (n) => fill("<b>", n / 2) + fill("</i>", n / 2)],
  [
    "HTML: attributes on one tag",
    (n) => `<span ${whole((i) => `data-a${i}="x" `, n - 20)}>x</span>`,
  ],
  ["HTML: tags inside math", (n) => fill("$<b>x</b>$ ", n)],
  [
    "HTML: math in table cells",
    (n) => `<table>\n${whole((i) => `<tr><td>$$x_{${i}}$$</td></tr>\n`, n - 20)}</table>`,
  ],
  [
    "nested \\frac",
    (n) => distinct((i) => `$${"\\frac{".repeat(40)}${i}${"}{y}".repeat(40)}$ `, n),
  ],
];

function defChain(i: number): string {
  return `$\\def\\a{${i}}\\def\\b{\\a\\a\\a\\a}\\def\\c{\\b\\b\\b\\b}\\c\\c\\c\\c$ `;
}

function distinct(make: (i: number) => string, bytes: number): string {
  let out = "";
  for (let i = 0; out.length < bytes; i++) out += make(i);
  return out.slice(0, bytes);
}

/** Like distinct, without cutting the last piece: whole tags and attributes only. */
function whole(make: (i: number) => string, bytes: number): string {
  let out = "";
  for (let i = 0; ; i++) {
    const next = make(i);
    if (out.length + next.length > bytes) return out;
    out += next;
  }
}

function timeRender(source: string): number {
  clearKatexCache();
  const started = performance.now();
  renderMarkdown(source);
  return performance.now() - started;
}

/** Milliseconds to render each hostile shape at 25 KB, 50 KB and 100 KB (best of three). */
export async function benchHostile(): Promise<{ name: string; ms: number[] }[]> {
  timeRender(fill("warm up $x$ *a* [b](c) ", 20 * KB));
  return HOSTILE.map(([name, make]) => ({
    name,
    ms: [25 * KB, 50 * KB, 100 * KB].map((bytes) => {
      const source = make(bytes);
      return Math.min(timeRender(source), timeRender(source), timeRender(source));
    }),
  }));
}
