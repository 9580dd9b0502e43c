import { readFile } from "node:fs/promises";
import { renderMarkdown } from "../render";

const USAGE = "usage: shortscience render [--check] FILE…";

/** `render FILE…` prints HTML; `render --check FILE…` prints a line per file, exit 1 on any math error. */
export async function runRenderCommand(
  args: string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const check = args.includes("--check");
  const files = args.filter((a) => a !== "--check");
  const unknown = files.filter((f) => f.startsWith("--"));
  if (files.length === 0 || unknown.length > 0) {
    err(unknown.length > 0 ? `unknown option ${unknown[0]}; ${USAGE}` : USAGE);
    return 2;
  }
  let failed = false;
  for (const file of files) {
    let source: string;
    try {
      source = await readFile(file, "utf8");
    } catch (error) {
      err(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
      return 2;
    }
    const result = renderMarkdown(source);
    if (result.mathErrors.length > 0) failed = true;
    if (!check) {
      out(result.html);
      continue;
    }
    out(`${file}: ${result.mathCount} expressions, ${result.mathErrors.length} errors`);
    for (const e of result.mathErrors)
      out(`    ${e.display ? "$$" : "$"}${e.source}${e.display ? "$$" : "$"}: ${e.message}`);
  }
  return failed ? 1 : 0;
}
