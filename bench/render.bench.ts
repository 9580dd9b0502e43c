// Rendering speed: realistic summaries per second, and hostile inputs at three sizes (linear
// growth doubles the time from each size to the next). Figures only; nothing here asserts.
import { renderMarkdown } from "../src/render";
import { clearKatexCache } from "../src/render/katex-render";

const BENCH_MS = 2_000;

function rendersPerSecond(sources: string[], beforeRound: () => void): number {
  let rendered = 0;
  const started = performance.now();
  while (performance.now() - started < BENCH_MS) {
    beforeRound();
    for (const source of sources) renderMarkdown(source);
    rendered += sources.length;
  }
  return (rendered * 1000) / (performance.now() - started);
}

/**
 * Summaries per second on `sources`, rendered over and over for about 2 s each way: warm
 * (KaTeX output memoized, as in a running server) and cold (memo cleared every round).
 */
export async function benchRender(sources: string[]): Promise<{
  summariesPerSecond: number;
  coldSummariesPerSecond: number;
  mathErrors: number;
}> {
  if (sources.length === 0) throw new Error("benchRender needs at least one summary");
  let mathErrors = 0;
  for (const source of sources) mathErrors += renderMarkdown(source).mathErrors.length;
  const coldSummariesPerSecond = rendersPerSecond(sources, clearKatexCache);
  const summariesPerSecond = rendersPerSecond(sources, () => {});
  return { summariesPerSecond, coldSummariesPerSecond, mathErrors };
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
