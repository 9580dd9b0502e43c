// `shortscience export DIR`: the public dump (export/public-dump.service.ts). Exit status: 0
// written, 1 failed (DIR keeps its previous dump, if any), 2 usage.

import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { exportPublicDump } from "../export/public-dump.service";

export async function runExportCommand(
  db: Kysely<Database>,
  args: string[],
  io: { out: (line: string) => void; err: (line: string) => void },
): Promise<number> {
  const [dir, ...rest] = args;
  if (!dir || rest.length > 0) {
    io.err("usage: shortscience export DIR");
    return 2;
  }
  try {
    const c = await exportPublicDump(db, dir);
    io.out(
      `wrote ${dir}: ${c.papers} papers, ${c.summaries} summaries, ${c.votes} vote totals, ${c.comments} comments (manifest.json names the licence)`,
    );
    return 0;
  } catch (error) {
    io.err(`shortscience export: ${dir}: ${(error as Error).message}`);
    return 1;
  }
}
