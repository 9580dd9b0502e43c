import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRenderCommand } from "./render-command";

let dir: string;
let good: string;
let broken: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "render-command-"));
  good = join(dir, "good.md");
  broken = join(dir, "broken.md");
  await writeFile(good, "Energy $E = mc^2$ and\n\n$$\n\\int_0^1 x\\,dx\n$$\n");
  await writeFile(broken, "Fine $a$, broken $\\frac{1$ and $$\\nosuch$$.\n");
});

afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRenderCommand(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out, err };
}

describe("shortscience render", () => {
  it("--check prints a line per file and exits 0 when all math typesets", async () => {
    expect(await run(["--check", good])).toEqual({
      code: 0,
      out: [`${good}: 2 expressions, 0 errors`],
      err: [],
    });
  });

  it("--check lists the failing expressions, indented, and exits 1", async () => {
    const { code, out, err } = await run(["--check", good, broken]);
    expect(code).toBe(1);
    expect(err).toEqual([]);
    expect(out[0]).toBe(`${good}: 2 expressions, 0 errors`);
    expect(out[1]).toBe(`${broken}: 3 expressions, 2 errors`);
    expect(out[2]).toMatch(/^ {4}\$\\frac\{1\$: Unexpected end of input/);
    expect(out[3]).toMatch(/^ {4}\$\$\\nosuch\$\$: Undefined control sequence: \\nosuch/);
    expect(out).toHaveLength(4);
  });

  it("prints the HTML of each file", async () => {
    const { code, out } = await run([good]);
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('<span class="katex">');
    expect(out[0]).toContain('<div class="math-scroll" tabindex="0">');
  });

  it("exits 2 with a clear message on a file it cannot read", async () => {
    const missing = join(dir, "missing.md");
    const { code, out, err } = await run(["--check", missing, good]);
    expect(code).toBe(2);
    expect(err).toEqual([`shortscience render: cannot read ${missing} (ENOENT)`]);
    expect(out).toEqual([`${good}: 2 expressions, 0 errors`]);
  });

  it("exits 2 with usage on bad arguments", async () => {
    for (const args of [[], ["--check"], ["--bogus", good]]) {
      const { code, out, err } = await run(args);
      expect(code, args.join(" ")).toBe(2);
      expect(out).toEqual([]);
      expect(err.at(-1)).toBe("usage: shortscience render [--check] FILE…");
    }
  });
});
