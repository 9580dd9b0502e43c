import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// The rules `npm run lint` enforces, run against small trees written here: each wrong import
// must be refused by name, and a right one accepted, or the lint proves nothing.
const root = resolve(import.meta.dirname, "../..");
const config = join(root, ".dependency-cruiser.cjs");
const runner = join(root, "scripts/import-rules/depcruise.mjs");
const run = promisify(execFile);
const dirs: string[] = [];

async function cruise(files: Record<string, string>): Promise<{ ok: boolean; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), "import-rules-"));
  dirs.push(dir);
  await writeFile(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { module: "ESNext", moduleResolution: "bundler", jsx: "react-jsx" },
    }),
  );
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  try {
    const { stdout } = await run(
      process.execPath,
      [runner, "src", "--config", config, "--output-type", "err"],
      {
        cwd: dir,
      },
    );
    return { ok: true, output: stdout };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("import rules (npm run lint)", () => {
  it("accepts imports that follow the layers", async () => {
    const r = await cruise({
      "src/core/errors.ts": "export const e = 1;\n",
      "src/papers/papers.service.ts": 'import { e } from "../core/errors";\nexport const p = e;\n',
      "src/summaries/summaries.service.ts":
        'import { p } from "../papers/papers.service";\nexport const s = p;\n',
      "src/main.ts": 'import { s } from "./summaries/summaries.service";\nconsole.log(s);\n',
    });
    expect(r.output).not.toMatch(/error/);
    expect(r.ok).toBe(true);
  }, 60_000);

  it("refuses a template that imports http/, even for a type", async () => {
    const r = await cruise({
      "src/http/page-context.ts": "export interface Ctx { a: number }\n",
      "src/ui/layout.tsx":
        'import type { Ctx } from "../http/page-context";\nexport const f = (c: Ctx) => c.a;\n',
      "src/summaries/editor.view.tsx":
        'import type { Ctx } from "../http/page-context";\nexport const g = (c: Ctx) => c.a;\n',
      "src/main.ts":
        'import { f } from "./ui/layout";\nimport { g } from "./summaries/editor.view";\nconsole.log(f, g);\n',
    });
    expect(r.ok).toBe(false);
    expect(r.output).toContain("layer-ui: src/ui/layout.tsx → src/http/page-context.ts");
    expect(r.output).toContain(
      "views-never-import-http-or-repos: src/summaries/editor.view.tsx → src/http/page-context.ts",
    );
  }, 60_000);

  it("refuses a lower feature importing a higher one (papers → summaries)", async () => {
    const r = await cruise({
      "src/summaries/summaries.service.ts": "export const s = 1;\n",
      "src/papers/papers.service.ts":
        'import { s } from "../summaries/summaries.service";\nexport const p = s;\n',
      "src/main.ts": 'import { p } from "./papers/papers.service";\nconsole.log(p);\n',
    });
    expect(r.ok).toBe(false);
    expect(r.output).toContain(
      "layer-papers: src/papers/papers.service.ts → src/summaries/summaries.service.ts",
    );
  }, 60_000);

  it("refuses another feature's repo, and a repo from a page", async () => {
    const r = await cruise({
      "src/papers/papers.repo.ts": "export const row = 1;\n",
      "src/summaries/summaries.service.ts":
        'import { row } from "../papers/papers.repo";\nexport const s = row;\n',
      "src/summaries/summaries.repo.ts": "export const mine = 1;\n",
      "src/summaries/home.pages.tsx":
        'import { mine } from "./summaries.repo";\nexport const h = mine;\n',
      "src/main.ts":
        'import { s } from "./summaries/summaries.service";\nimport { h } from "./summaries/home.pages";\nconsole.log(s, h);\n',
    });
    expect(r.ok).toBe(false);
    expect(r.output).toContain(
      "repos-stay-in-their-feature: src/summaries/summaries.service.ts → src/papers/papers.repo.ts",
    );
    expect(r.output).toContain(
      "pages-never-import-repos: src/summaries/home.pages.tsx → src/summaries/summaries.repo.ts",
    );
  }, 60_000);

  it("refuses a cycle inside a folder, I/O in render/, and a file nothing imports", async () => {
    const r = await cruise({
      "src/db/a.ts": 'import { b } from "./b";\nexport const a = () => b;\n',
      "src/db/b.ts": 'import { a } from "./a";\nexport const b = () => a;\n',
      "src/render/markdown.ts":
        'import { readFileSync } from "node:fs";\nexport const m = readFileSync;\n',
      "src/papers/forgotten.ts": "export const nobody = 1;\n",
      "src/main.ts":
        'import { a } from "./db/a";\nimport { m } from "./render/markdown";\nconsole.log(a, m);\n',
    });
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/no-cycles: src\/db\/a\.ts →\s+src\/db\/b\.ts →\s+src\/db\/a\.ts/);
    expect(r.output).toContain("render-is-pure: src/render/markdown.ts → fs");
    expect(r.output).toContain("no-orphans: src/papers/forgotten.ts");
  }, 60_000);

  it("has an acyclic layer map", () => {
    const { LAYERS } = createRequire(import.meta.url)(
      join(root, "scripts/import-rules/layers.cjs"),
    ) as { LAYERS: Record<string, string[]> };
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (folder: string, path: string[]) => {
      if (done.has(folder)) return;
      if (visiting.has(folder)) throw new Error(`layer cycle: ${[...path, folder].join(" → ")}`);
      visiting.add(folder);
      for (const next of LAYERS[folder] ?? []) visit(next, [...path, folder]);
      visiting.delete(folder);
      done.add(folder);
    };
    for (const folder of Object.keys(LAYERS)) visit(folder, []);
    expect(done.size).toBe(Object.keys(LAYERS).length);
    expect(LAYERS.core).toEqual([]);
  });
});
