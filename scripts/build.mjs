// Bundles the server and the render worker into dist/ (dependencies stay external), and the
// renderer for the editor's live preview in the browser (dependencies bundled).
// Runs on `npm install` (prepare) and before `npm start`, so a fresh clone needs no extra step.
import { build } from "esbuild";

await build({
  entryPoints: {
    main: "src/main.ts",
    "render-worker": "src/render-worker/render.worker.ts",
    "import-worker": "src/import/parse.worker.ts",
    "sqlite-read-worker": "src/db/sqlite-read.worker.ts",
  },
  outdir: "dist",
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
});

// The same src/render module the server renders with, as one classic script that defines
// `ShortScienceRender` (public/editor.js calls its renderMarkdown). One module instance per
// page, so KaTeX's per-expression memo (render/katex-render.ts) lives across re-renders.
// Platform "browser" picks the browser builds of dependencies (postcss, under sanitize-html).
await build({
  entryPoints: ["src/render/index.ts"],
  outfile: "dist/browser/render.js",
  bundle: true,
  platform: "browser",
  format: "iife",
  globalName: "ShortScienceRender",
  target: ["chrome109", "firefox115", "safari16"],
  minify: true,
  legalComments: "eof",
  logLevel: "warning",
});
