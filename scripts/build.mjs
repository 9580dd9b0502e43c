// Bundles the server and the render worker into dist/ (dependencies stay external).
// Runs on `npm install` (prepare) and before `npm start`, so a fresh clone needs no extra step.
import { build } from "esbuild";

await build({
  entryPoints: {
    main: "src/main.ts",
    "render-worker": "src/render-worker/render.worker.ts",
    "import-worker": "src/import/parse.worker.ts",
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
