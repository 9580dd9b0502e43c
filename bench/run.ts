// npm run bench: prints the figures the issues ask for. Not a test: numbers vary by machine.
//   npm run bench                        every section
//   npm run bench -- http write-mix      only those sections (render, http, write-mix, import,
//                                        search); `search` builds 1M papers per database
//   npm run bench -- --json [FILE]       also writes every figure to FILE (default
//                                        bench-results/<date>.json), so runs can be compared
import { availableParallelism, cpus } from "node:os";
import { demoSummaries } from "../src/demo/content";
import { sharedCorpus, writeResults } from "./bench-results";
import { htmlHeavySummaries } from "./html-heavy";
import { benchHttp } from "./http.bench";
import { DURATION_S, loadTool } from "./http-load";
import { benchImport, importLines } from "./import.bench";
import { benchPreview, type PreviewFigures } from "./preview.bench";
import { benchHostile, benchRender, type RenderFigures } from "./render.bench";
import { runSearchBench } from "./search.bench";
import { benchWriteMix } from "./write-mix.bench";

const SECTIONS = ["render", "http", "write-mix", "import", "search"] as const;
type Section = (typeof SECTIONS)[number];

const args = process.argv.slice(2);
const jsonAt = args.indexOf("--json");
const jsonNext = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const jsonFile =
  jsonNext && !jsonNext.startsWith("-") && !SECTIONS.includes(jsonNext as Section)
    ? jsonNext
    : null;
const chosen = args.filter(
  (a, i) => SECTIONS.includes(a as Section) && !(jsonFile && i === jsonAt + 1),
);
const unknown = args.filter(
  (a, i) => a !== "--json" && !(jsonFile && i === jsonAt + 1) && !SECTIONS.includes(a as Section),
);
if (unknown.length > 0) {
  process.stderr.write(
    `bench: unknown ${unknown.join(" ")}; sections: ${SECTIONS.join(", ")}; --json [FILE]\n`,
  );
  process.exit(2);
}
const run = (s: Section) => chosen.length === 0 || chosen.includes(s);

const results: Record<string, unknown> = {};
const line = (s: string) => process.stdout.write(`${s}\n`);

if (run("render")) {
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
  const render: Record<string, unknown> = {};
  render.headline = await benchRender(corpus);
  line(`HEADLINE ${corpusName}: ${perSecond(render.headline as RenderFigures)}`);
  render.demo = await benchRender(demo);
  line(`  demo alone: ${perSecond(render.demo as RenderFigures)}`);
  if (html.length > 0) {
    render.sharedHtml = await benchRender(html);
    line(`  shared html alone: ${perSecond(render.sharedHtml as RenderFigures)}`);
  }
  render.htmlHeavy = await benchRender(htmlHeavySummaries(12));
  line(`HTML-heavy (our own, 2.5 KB each): ${perSecond(render.htmlHeavy as RenderFigures)}`);
  line("hostile inputs (ms to render 25 KB / 50 KB / 100 KB; linear growth doubles each step):");
  render.hostile = await benchHostile();
  for (const h of render.hostile as { name: string; ms: number[] }[])
    line(`  ${h.name.padEnd(36)} ${h.ms.map((m) => m.toFixed(1)).join(" / ")}`);

  const preview = benchPreview();
  render.preview = preview;
  const previewLine = (p: PreviewFigures) =>
    `p50 ${p.p50Ms.toFixed(1)} ms, p99 ${p.p99Ms.toFixed(1)} ms wall; ` +
    `p50 ${p.cpuP50Ms.toFixed(1)} ms, p99 ${p.cpuP99Ms.toFixed(1)} ms CPU (goal < 20 ms)`;
  line(
    `editor preview, re-render after a one-expression edit (${(preview.module.bytes / 1024).toFixed(1)} KB, ` +
      `${preview.module.mathCount} expressions, 500 edits): ${previewLine(preview.module)}`,
  );
  if (preview.bundle)
    line(`  the browser bundle (dist/browser/render.js): ${previewLine(preview.bundle)}`);
  results.render = render;
}

if (run("http")) {
  line("\n== http ==");
  results.http = await benchHttp({ paper: "/paper/arxiv/1707.04585", line });
}

if (run("write-mix")) {
  line("\n== write mix (anonymous reads while 10 votes/s land on other papers) ==");
  const mix = await benchWriteMix({ seconds: DURATION_S });
  results.writeMix = mix;
  line(
    `hit rate ${(mix.hitRate * 100).toFixed(1)}%, ${mix.requestsPerSecond.toFixed(0)} req/s, ` +
      `p50 ${mix.p50Ms} ms, p99 ${mix.p99Ms} ms, ${mix.votesPerSecond.toFixed(1)} votes/s`,
  );
}

if (run("import")) {
  line("\n== import (generated arXiv snapshot, fresh SQLite database) ==");
  const imported = await benchImport();
  results.import = imported;
  // The app's rate beside the raw-insert baseline for the same rows, measured in this run.
  for (const l of importLines(imported)) line(l);
}

if (run("search")) {
  const printed: string[] = [];
  await runSearchBench((s) => {
    printed.push(s);
    line(s);
  });
  results.search = { lines: printed };
}

if (jsonAt >= 0) {
  const file = writeResults(jsonFile, {
    date: new Date().toISOString(),
    machine: { cpus: availableParallelism(), cpu: cpus()[0]?.model ?? null, node: process.version },
    loadTool,
    benchSeconds: DURATION_S,
    sections: chosen.length > 0 ? chosen : [...SECTIONS],
    results,
  });
  line(`\nfigures written to ${file}`);
}
// The app processes and pools are closed; nothing left should hold the process.
process.exit(0);
