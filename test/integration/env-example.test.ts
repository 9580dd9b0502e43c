import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES } from "../../src/core/config";

/**
 * Variables only tests and benchmarks read; the program never does, so .env.example leaves
 * them out. A new one must be added here on purpose.
 */
const TEST_ONLY_VARIABLES = new Set([
  "TEST_DATABASE_URL", // a PostgreSQL server for the suite (test/helpers/test-db.ts)
  "CHROMIUM_PATH", // the browser of the XSS and e2e tests (test/helpers/chromium.ts)
  "SHARED_DIR", // the real-world corpus of test/shared
  "BENCH_SECONDS", // how long each `npm run bench` load runs
  "BENCH_DATABASE_URL", // a PostgreSQL server for `npm run bench -- search` (else TEST_DATABASE_URL)
  "SEARCH_BENCH_PAPERS", // the search bench's papers (1,000,000), to scale it down
  "SEARCH_BENCH_SUMMARIES", // and its summaries (50,000)
  "SEARCH_BENCH_WINDOW", // the rank window the search bench uses (SEARCH_RANK_WINDOW)
  "SEARCH_BENCH_SQLITE_FILE", // keep and reuse the search bench's SQLite database
  "SEARCH_BENCH_PG_DATABASE", // keep and reuse its PostgreSQL database
  "SEARCH_BENCH_ONLY", // sqlite or postgres: one database only
  "BENCH_DEBUG", // the write-mix bench prints the server's raw cache counters
]);

/** Names set (or commented out, as an example) in .env.example: `NAME=` or `# NAME=`. */
function documentedVariables(text: string): Set<string> {
  return new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1] as string));
}

/**
 * Environment variables a source file reads: `env.NAME`, `env["NAME"]` (process.env or an
 * env parameter) and `const { NAME } = process.env`.
 */
function variablesRead(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(
    /\benv(?:\.([A-Z][A-Z0-9_]*)|\[\s*["'`]([A-Z][A-Z0-9_]*)["'`]\s*\])/g,
  )) {
    names.add((m[1] ?? m[2]) as string);
  }
  for (const m of source.matchAll(/\{([^{}]*)\}\s*=\s*(?:process\.)?env\b/g)) {
    for (const part of (m[1] as string).split(",")) {
      const name = /^\s*([A-Z][A-Z0-9_]*)\b/.exec(part)?.[1];
      if (name) names.add(name);
    }
  }
  return names;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : sourceFiles(path);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

/** Where each variable is read, over `dirs`. */
function readsIn(dirs: string[]): Map<string, string[]> {
  const reads = new Map<string, string[]>();
  // This file's own examples of reads are not reads.
  for (const file of dirs.flatMap(sourceFiles).filter((f) => !f.endsWith("env-example.test.ts"))) {
    for (const name of variablesRead(readFileSync(file, "utf8"))) {
      reads.set(name, [...(reads.get(name) ?? []), file]);
    }
  }
  return reads;
}

const isTestFile = (file: string) =>
  /(\.test\.tsx?|\/test-[^/]+\.ts)$/.test(file) || file.startsWith("test/");

const documented = documentedVariables(readFileSync(".env.example", "utf8"));

describe(".env.example", () => {
  it("documents every variable of the configuration schema", () => {
    expect(ENV_VARIABLES.length).toBeGreaterThan(15);
    expect(ENV_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  });

  it("documents only variables the schema reads", () => {
    const known = new Set<string>(ENV_VARIABLES);
    expect([...documented].filter((name) => !known.has(name))).toEqual([]);
  });

  it("documents every variable the program reads, even one that bypasses the schema", () => {
    const reads = readsIn(["src", "bin", "scripts"]);
    const missing = [...reads]
      .filter(([name, files]) => !documented.has(name) && files.some((f) => !isTestFile(f)))
      .map(([name, files]) => `${name} (${files.join(", ")})`);
    expect(missing).toEqual([]);
  });

  it("leaves out only the listed test-only variables that tests and benchmarks read", () => {
    const reads = readsIn(["src", "test", "bench"]);
    const unlisted = [...reads.keys()].filter(
      (name) => !documented.has(name) && !TEST_ONLY_VARIABLES.has(name),
    );
    expect(unlisted).toEqual([]);
  });
});

describe("the scan of variable reads", () => {
  it('finds process.env.X, env.X, env["X"] and destructured reads', () => {
    const source = [
      "const a = process.env.ALPHA_ONE;",
      "const b = env.BETA;",
      'const c = process.env["GAMMA_2"];',
      "const { DELTA, EPSILON: e, ...rest } = process.env;",
      "const lower = env.notAVariable; const other = envelope.ZETA;",
    ].join("\n");
    expect([...variablesRead(source)].sort()).toEqual([
      "ALPHA_ONE",
      "BETA",
      "DELTA",
      "EPSILON",
      "GAMMA_2",
    ]);
  });

  it("reads documented names, set or commented out", () => {
    expect([
      ...documentedVariables("# a comment\nPORT=3000\n# SMTP_URL=smtp://x\n#  no=x\n"),
    ]).toEqual(["PORT", "SMTP_URL"]);
  });
});
