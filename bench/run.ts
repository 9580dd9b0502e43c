// npm run bench: prints the figures the issues ask for. Not a test: numbers vary by machine.
import { demoSummaries } from "../src/demo/content";
import { benchHttp, loadTool } from "./http.bench";
import { benchImport } from "./import.bench";
import { benchHostile, benchRender } from "./render.bench";

const line = (s: string) => process.stdout.write(`${s}\n`);

line("== render ==");
const render = await benchRender(demoSummaries.map((s) => s.source));
line(
  `demo summaries: ${render.summariesPerSecond.toFixed(0)} summaries/s with the KaTeX memo warm, ` +
    `${render.coldSummariesPerSecond.toFixed(0)} summaries/s cold (memo cleared), ${render.mathErrors} math errors`,
);
line("hostile inputs (ms to render 25 KB / 50 KB / 100 KB; linear growth doubles each step):");
for (const h of await benchHostile())
  line(`  ${h.name.padEnd(36)} ${h.ms.map((m) => m.toFixed(1)).join(" / ")}`);

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
