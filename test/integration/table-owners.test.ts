import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// ARCHITECTURE.md: each table is written by one repo. Writes are Kysely's insertInto,
// updateTable and deleteFrom (raw SQL writes are refused below), so the source says who writes.
const src = resolve(import.meta.dirname, "../../src");
const WRITE = /\b(?:insertInto|updateTable|deleteFrom)\(\s*"([a-z_]+)"/g;
const RAW_WRITE = /sql`\s*(?:insert\s+into|update\s+\w+\s+set|delete\s+from)\b/i;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "migrations" ? [] : sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

function writersByTable(files: Record<string, string>): Map<string, Set<string>> {
  const writers = new Map<string, Set<string>>();
  for (const [file, text] of Object.entries(files)) {
    for (const m of text.matchAll(WRITE)) {
      const table = m[1] as string;
      writers.set(table, (writers.get(table) ?? new Set()).add(file));
    }
  }
  return writers;
}

describe("table owners", () => {
  const files = Object.fromEntries(
    sources(src).map((f) => [relative(src, f), readFileSync(f, "utf8")]),
  );

  it("each table is written by exactly one repo", () => {
    const writers = writersByTable(files);
    expect(writers.size).toBeGreaterThan(10);
    const shared = [...writers].filter(([, w]) => w.size > 1).map(([t, w]) => `${t}: ${[...w]}`);
    expect(shared).toEqual([]);
    const notRepos = [...writers]
      .flatMap(([t, w]) => [...w].map((f) => `${t}: ${f}`))
      .filter((entry) => !/\.repo\.ts$/.test(entry) && !entry.endsWith("db/content-version.ts"));
    expect(notRepos).toEqual([]);
  });

  it("no write hides in raw SQL", () => {
    expect(Object.keys(files).filter((f) => RAW_WRITE.test(files[f] ?? ""))).toEqual([]);
  });

  it("notices a second writer", () => {
    const writers = writersByTable({
      "a/a.repo.ts": 'db.updateTable("users").set({})',
      "b/b.repo.ts": 'db\n  .insertInto( "users" )',
      "c/c.repo.ts": 'db.deleteFrom("votes")',
    });
    expect([...(writers.get("users") ?? [])]).toEqual(["a/a.repo.ts", "b/b.repo.ts"]);
    expect(writers.get("votes")?.size).toBe(1);
  });
});
