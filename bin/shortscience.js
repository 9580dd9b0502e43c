#!/usr/bin/env node
// The CLI runs the bundle that `npm install` (prepare) builds into dist/.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = new URL("../dist/main.js", import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  console.error("shortscience: dist/ is missing; run `npm run build` (npm install does it) first.");
  process.exit(1);
}
await import(bundle.href);
