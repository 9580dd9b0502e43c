import { readFile } from "node:fs/promises";
import type { MathIssue } from "../core/render-contract";
import { renderMarkdown } from "../render";

const USAGE = "usage: shortscience render [--check] FILE…";

/** Longest TeX source quoted in an error line; the full source is in the file. */
const QUOTE_MAX_CHARS = 120;

function quote(issue: MathIssue): string {
  const delimiter = issue.display ? "$$" : "$";
  const oneLine = issue.source.replace(/\s+/g, " ").trim();
  const short =
    oneLine.length > QUOTE_MAX_CHARS ? `${oneLine.slice(0, QUOTE_MAX_CHARS)}…` : oneLine;
  return `${delimiter}${short}${delimiter}`;
}

function parseArgs(args: string[]): { check: boolean; files: string[] } | string {
  let check = false;
  const files: string[] = [];
  let optionsEnded = false;
  for (const arg of args) {
    if (!optionsEnded && arg === "--") optionsEnded = true;
    else if (!optionsEnded && arg === "--check") check = true;
    else if (!optionsEnded && arg.startsWith("-") && arg !== "-") return `unknown option ${arg}`;
    else files.push(arg);
  }
  if (files.length === 0) return "no FILE given";
  return { check, files };
}

/**
 * `shortscience render FILE…` prints each file's HTML; with `--check`, one line per file
 * (`FILE: N expressions, M errors`) followed by the failing expressions, indented.
 * Exit status: 0 when all math typesets, 1 when some expression failed, 2 on a usage error
 * or a file that cannot be read.
 */
export async function runRenderCommand(
  args: string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    err(`shortscience render: ${parsed}`);
    err(USAGE);
    return 2;
  }
  let unreadable = false;
  let mathFailed = false;
  for (const file of parsed.files) {
    let source: string;
    try {
      source = await readFile(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      err(`shortscience render: cannot read ${file} (${code})`);
      unreadable = true;
      continue;
    }
    const result = renderMarkdown(source);
    if (result.mathErrors.length > 0) mathFailed = true;
    if (parsed.check) {
      out(`${file}: ${result.mathCount} expressions, ${result.mathErrors.length} errors`);
      for (const issue of result.mathErrors) out(`    ${quote(issue)}: ${issue.message}`);
    } else {
      out(result.html);
      for (const issue of result.mathErrors) err(`${file}: ${quote(issue)}: ${issue.message}`);
    }
  }
  if (unreadable) return 2;
  return mathFailed ? 1 : 0;
}
