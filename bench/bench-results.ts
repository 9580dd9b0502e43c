// Where the bench finds the shared corpus and writes its figures (--json).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The .md files of ../shared/corpus/<folder> (or SHARED_DIR), when that folder exists. */
export function sharedCorpus(folder: string): string[] {
  const dir = join(process.env.SHARED_DIR ?? resolve("../shared"), "corpus", folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => readFileSync(join(dir, f), "utf8"));
}

/** Writes the figures as JSON to `file`, or to bench-results/<date and time>.json; returns where. */
export function writeResults(file: string | null, figures: unknown): string {
  const target =
    file ?? join("bench-results", `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(figures, null, 2)}\n`);
  return target;
}
