// How to start a worker thread on one of our modules, from the sources or from dist/. From the
// sources the thread registers tsx itself: `--import tsx` in a worker's execArgv does not make
// Node 20 load a .ts entry.

import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** A Worker running `module` (a .ts URL when the caller runs from the sources, else .js). */
export function startThread(module: URL, options: WorkerOptions = {}): Worker {
  if (!module.pathname.endsWith(".ts")) return new Worker(module, options);
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  );
  const entry = `import(${JSON.stringify(tsx.href)}).then((t) => { t.register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(entry, { ...options, eval: true });
}
