import { readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// ARCHITECTURE.md's naming pattern: `<name>.<role>.ts(x)`, or a plain `<name>.ts` for a pure
// helper; names are lowercase words joined by hyphens. Migrations are named by their time.
const ROLES = ["pages", "service", "repo", "view", "mapper", "worker", "parse", "resolver"];
const NAME = new RegExp(
  `^[a-z0-9]+(-[a-z0-9]+)*(\\.(${ROLES.join("|")}))?(\\.test|\\.browser\\.test)?\\.tsx?$`,
);
const MIGRATION = /^\d{4}-\d{2}-\d{2}T\d{4}-[a-z0-9]+(-[a-z0-9]+)*\.ts$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function misnamed(paths: readonly string[]): string[] {
  return paths.filter((p) => {
    const name = p.split("/").pop() ?? p;
    if (p.includes("/migrations/") && name !== "index.ts") return !MIGRATION.test(name);
    return !NAME.test(name);
  });
}

describe("file names", () => {
  it("follow <name>.<role>.ts under src/", () => {
    const src = resolve(import.meta.dirname, "../../src");
    const files = filesUnder(src).map((f) => relative(src, f));
    expect(files.length).toBeGreaterThan(100);
    expect(misnamed(files)).toEqual([]);
  });

  it("refuses the patterns the pattern exists to stop", () => {
    expect(
      misnamed([
        "summaries/summaries.write.repo.ts",
        "auth/authTokens.repo.ts",
        "papers/citations.controller.ts",
        "db/migrations/initial.ts",
      ]),
    ).toHaveLength(4);
    expect(
      misnamed([
        "summaries/summary-writes.repo.ts",
        "ui/layout.tsx",
        "papers/resolvers/arxiv.parse.test.ts",
        "db/migrations/2026-11-26T2000-initial.ts",
      ]),
    ).toEqual([]);
  });
});
