// npm run bench: prints the figures the issues ask for. Not a test: numbers vary by machine.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { demoSummaries } from "../src/demo/content";
import { htmlHeavySummaries } from "./html-heavy";
import { benchHttp, loadTool } from "./http.bench";
import { benchImport } from "./import.bench";
import { benchPreview, type PreviewFigures } from "./preview.bench";
import { benchHostile, benchRender, type RenderFigures } from "./render.bench";
import { runSearchBench } from "./search.bench";

const line = (s: string) => process.stdout.write(`${s}\n`);

// `npm run bench -- search` runs the search section alone (it builds 1M papers per database).
if (process.argv.includes("search")) {
  await runSearchBench(line);
  process.exit(0);
}

/** The .md files of ../shared/corpus/<folder> (or SHARED_DIR), when that folder exists. */
function sharedCorpus(folder: string): string[] {
  const dir = join(process.env.SHARED_DIR ?? resolve("../shared"), "corpus", folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => readFileSync(join(dir, f), "utf8"));
}

const perSecond = (r: RenderFigures) =>
  `${r.cold.perSecond.toFixed(0)} summaries/s cold (no memo, distinct inputs; ` +
  `${r.cold.perCpuSecond.toFixed(0)} per CPU-second), ${r.warm.perSecond.toFixed(0)}/s warm; ` +
  `${r.summaries} summaries, ${r.mathCount} expressions, ${r.mathErrors} math errors`;

line("== render ==");
const demo = demoSummaries.map((s) => s.source);
const seed = sharedCorpus("seed");
const html = sharedCorpus("html");
const corpus = [...demo, ...seed, ...html];
const corpusName = seed.length + html.length > 0 ? "demo + shared seed + shared html" : "demo";
line(`HEADLINE ${corpusName}: ${perSecond(await benchRender(corpus))}`);
line(`  demo alone: ${perSecond(await benchRender(demo))}`);
if (html.length > 0) line(`  shared html alone: ${perSecond(await benchRender(html))}`);
line(`HTML-heavy (our own, 2.5 KB each): ${perSecond(await benchRender(htmlHeavySummaries(12)))}`);
line("hostile inputs (ms to render 25 KB / 50 KB / 100 KB; linear growth doubles each step):");
for (const h of await benchHostile())
  line(`  ${h.name.padEnd(36)} ${h.ms.map((m) => m.toFixed(1)).join(" / ")}`);

const preview = benchPreview();
const previewLine = (p: PreviewFigures) =>
  `p50 ${p.p50Ms.toFixed(1)} ms, p99 ${p.p99Ms.toFixed(1)} ms wall; ` +
  `p50 ${p.cpuP50Ms.toFixed(1)} ms, p99 ${p.cpuP99Ms.toFixed(1)} ms CPU (goal < 20 ms)`;
line(
  `editor preview, re-render after a one-expression edit (${(preview.module.bytes / 1024).toFixed(1)} KB, ` +
    `${preview.module.mathCount} expressions, 500 edits): ${previewLine(preview.module)}`,
);
if (preview.bundle)
  line(`  the browser bundle (dist/browser/render.js): ${previewLine(preview.bundle)}`);

line(
  `\n== http (${loadTool}, 64 connections, loopback, app and baseline in their own processes) ==`,
);
const figures = await benchHttp({ paper: "/paper/arxiv/1707.04585", home: "/" });
for (const f of figures) {
  line(
    `${f.name.padEnd(44)} ${(f.bytes / 1024).toFixed(1)} KB  ${f.requestsPerSecond.toFixed(0).padStart(7)} req/s  p99 ${f.p99Ms} ms`,
  );
}
for (let i = 0; i + 1 < figures.length; i += 2) {
  const app = figures[i];
  const plain = figures[i + 1];
  if (app && plain)
    line(
      `ratio ${app.name}: ${(app.requestsPerSecond / plain.requestsPerSecond).toFixed(2)} × node:http`,
    );
}

line("\n== import (generated arXiv snapshot, fresh SQLite database) ==");
const imported = await benchImport();
line(
  `import: ${imported.records} records in ${imported.seconds.toFixed(1)} s = ${imported.recordsPerSecond.toFixed(0)} records/s, peak RSS ${imported.peakRssMb.toFixed(0)} MB`,
);
const every = Math.ceil(imported.rssSamplesMb.length / 12);
const rss = imported.rssSamplesMb.filter((_, i) => i % every === 0).map((m) => m.toFixed(0));
line(`RSS during the run, flat when memory is (MB): ${rss.join(" ")}`);

await runSearchBench(line);
