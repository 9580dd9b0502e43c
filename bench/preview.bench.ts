// The editor's live preview (issue 10, point 2): re-rendering a 10 KB summary with 50
// expressions after an edit of one expression must take < 20 ms. The browser runs the same
// src/render module (bundled by scripts/build.mjs), whose KaTeX memo keeps the 49 unchanged
// expressions; so each edit typesets one new expression and re-runs Markdown and the sanitizer.
import { existsSync, readFileSync } from "node:fs";
import { renderMarkdown } from "../src/render";
import { clearKatexCache } from "../src/render/katex-render";

const EXPRESSIONS = 50;
const EDITS = 500;

/** ~10 KB of Markdown with 50 distinct expressions, the `edit`-th changed for edit > 0. */
export function previewSummary(edit: number): string {
  const target = edit % EXPRESSIONS;
  const parts: string[] = ["# A reversible network\n"];
  for (let i = 0; i < EXPRESSIONS; i++) {
    // A one-expression edit, as typing inside a formula makes: a new subscript each time.
    const k = i === target && edit > 0 ? `${i}+${edit}` : String(i);
    const tex =
      i % 5 === 0
        ? `$$\\sum_{j=1}^{n_{${k}}} \\frac{\\partial \\mathcal{L}}{\\partial w_j} x_j^{${k}}$$`
        : `$\\alpha_{${k}} = \\frac{1}{\\sqrt{d_k}} \\left(q_{${k}}^\\top k\\right)$`;
    const lead = i % 7 === 0 ? "- " : "";
    parts.push(
      `${lead}Step ${i}: the **activations** are recomputed from the next layer's, so ` +
        `memory stays flat while depth grows; the cost is one more pass ${tex} per block.\n`,
    );
  }
  return parts.join("\n");
}

export interface PreviewFigures {
  bytes: number;
  mathCount: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /**
   * The same in this process's CPU time: what the render costs, which other processes on a
   * busy machine do not change (wall time then includes waiting for a core).
   */
  cpuP50Ms: number;
  cpuP99Ms: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

type Render = (source: string) => { mathCount: number };

function measure(render: Render): PreviewFigures {
  const base = previewSummary(0);
  // Warm: the JIT has compiled the renderer and the memo holds the 50 expressions.
  for (let i = 0; i < 5; i++) render(base);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let edit = 1; edit <= EDITS; edit++) {
    const source = previewSummary(edit);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    render(source);
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    bytes: Buffer.byteLength(base),
    mathCount: render(base).mathCount,
    p50Ms: percentile(wall, 50),
    p99Ms: percentile(wall, 99),
    maxMs: wall[wall.length - 1] ?? 0,
    cpuP50Ms: percentile(cpu, 50),
    cpuP99Ms: percentile(cpu, 99),
  };
}

/** The figure with src/render, and with the browser bundle itself when it is built. */
export function benchPreview(): { module: PreviewFigures; bundle: PreviewFigures | null } {
  clearKatexCache();
  const module = measure(renderMarkdown);
  const bundlePath = "dist/browser/render.js";
  if (!existsSync(bundlePath)) return { module, bundle: null };
  // The classic script defines ShortScienceRender, as in the browser (its own KaTeX memo).
  const load = new Function(`${readFileSync(bundlePath, "utf8")}\nreturn ShortScienceRender;`);
  const bundled = load() as { renderMarkdown: Render };
  return { module, bundle: measure(bundled.renderMarkdown) };
}
