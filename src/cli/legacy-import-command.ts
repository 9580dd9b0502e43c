// `shortscience import shortscience-mysql DUMP.sql[.gz]`: the original site's MySQL dump.
// Exit status: 0 done (bad rows are reported and skipped, not fatal), 1 the file broke off or
// the database failed mid-run (what was committed stays; run it again), 2 usage or unreadable.

import { access, constants } from "node:fs/promises";
import { loadConfig } from "../core/config";
import { RENDER_DEADLINE_MS, RENDER_WORKERS } from "../core/limits";
import { connect, migrateToLatest } from "../db/connect";
import { importLegacyDump, type LegacyImportReport } from "../import/legacy-import.service";
import { createRenderPool } from "../render-worker/pool";
import { StartupError } from "./runtime";

export interface LegacyImportIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env?: Record<string, string | undefined>;
}

export async function runLegacyImportCommand(file: string, io: LegacyImportIo): Promise<number> {
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    io.err(`shortscience import: cannot read ${file} (${(error as NodeJS.ErrnoException).code})`);
    return 2;
  }
  const config = loadConfig(io.env ?? process.env);
  const db = connect(config.databaseUrl);
  const pool = createRenderPool({
    workers: config.renderWorkers ?? RENDER_WORKERS,
    deadlineMs: RENDER_DEADLINE_MS,
  });
  try {
    try {
      await migrateToLatest(db);
    } catch (error) {
      throw new StartupError(
        `cannot open the database ${db.description}: ${(error as Error).message}`,
      );
    }
    io.out(`importing ${file} (shortscience-mysql) into ${db.description}`);
    const report = await importLegacyDump(db.kysely, (s) => pool.render(s), file);
    for (const line of describeLegacyImport(report)) io.out(line);
    return 0;
  } catch (error) {
    if (error instanceof StartupError) throw error;
    io.err(`shortscience import: ${file}: ${(error as Error).message}`);
    io.err("what was committed stays: run the same command again to finish");
    return 1;
  } finally {
    await pool.close();
    await db.close();
  }
}

export function describeLegacyImport(r: LegacyImportReport): string[] {
  const lines = [`imported in ${(r.elapsedMs / 1000).toFixed(1)}s:`];
  for (const [table, c] of Object.entries(r.tables)) {
    lines.push(
      `  ${table}: ${c.read} read, ${c.written} written, ${c.unchanged} unchanged, ${c.skipped} skipped`,
    );
  }
  lines.push(
    `  ${r.renamedUsers} users renamed, ${r.emailsDropped} e-mail addresses dropped (already used here), ` +
      `${r.selfVotes} self-votes left out, ${r.ignored} rows of other tables ignored, ${r.bad} bad rows`,
  );
  for (const x of r.renamedSamples) lines.push(`  renamed ${x.from} → ${x.to}`);
  for (const b of r.badSamples) lines.push(`  line ${b.line}: ${b.message}`);
  if (r.bad > r.badSamples.length) lines.push(`  … and ${r.bad - r.badSamples.length} more`);
  return lines;
}
