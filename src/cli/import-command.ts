// `shortscience import arxiv|dblp FILE`: bulk import with a progress display. Ctrl-C stops
// after the batch being written, so everything reported done stays in the database.

import { access, constants } from "node:fs/promises";
import { loadConfig } from "../core/config";
import { connect, migrateToLatest } from "../db/connect";
import {
  IMPORT_FORMATS,
  ImportReadError,
  type ImportReport,
  importFile,
  isImportFormat,
} from "../import/import.service";
import { createProgressView, formatDuration } from "../import/progress";
import { runLegacyImportCommand } from "./legacy-import-command";
import { StartupError } from "./runtime";

export const IMPORT_USAGE = `usage: shortscience import arxiv FILE.jsonl[.gz]
       shortscience import dblp FILE.xml[.gz]
       shortscience import shortscience-mysql DUMP.sql[.gz]`;

/** The original ShortScience.org site's MySQL dump (import/legacy-import.service.ts). */
const LEGACY_FORMAT = "shortscience-mysql";

export interface ImportCommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Where the progress display draws; a bar when it is a terminal. */
  progress: NodeJS.WritableStream & { isTTY?: boolean };
  env?: Record<string, string | undefined>;
}

/** Exit status: 0 done (bad lines are reported, not fatal), 2 usage or unreadable file, 130 stopped. */
export async function runImportCommand(args: string[], io: ImportCommandIo): Promise<number> {
  const [format, file, ...rest] = args;
  const usage = (message: string) => {
    io.err(`shortscience import: ${message}`);
    io.err(IMPORT_USAGE);
    return 2;
  };
  if (!format) return usage("no format given");
  if (format === LEGACY_FORMAT) {
    if (!file) return usage("no DUMP.sql given");
    if (rest.length > 0) return usage(`unexpected argument ${rest[0]}`);
    return runLegacyImportCommand(file, io);
  }
  if (!isImportFormat(format)) {
    return usage(
      `unknown format "${format}" (one of: ${[...Object.keys(IMPORT_FORMATS), LEGACY_FORMAT].join(", ")})`,
    );
  }
  if (!file) return usage("no FILE given");
  if (rest.length > 0) return usage(`unexpected argument ${rest[0]}`);
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    io.err(`shortscience import: cannot read ${file} (${(error as NodeJS.ErrnoException).code})`);
    return 2;
  }

  const config = loadConfig(io.env ?? process.env);
  const db = connect(config.databaseUrl);
  let stopRequested = false;
  const onSigint = () => {
    // A second Ctrl-C ends the process at once; the batch being written is rolled back. The
    // search index's setting the import changed is put back by the next server start or the
    // end of the next import (import/import-settings.ts), as after SIGTERM or a crash.
    if (stopRequested) process.exit(130);
    stopRequested = true;
    io.err("\nstopping after the current batch (Ctrl-C again to stop at once)");
  };
  process.on("SIGINT", onSigint);
  const view = createProgressView({
    tty: io.progress.isTTY === true,
    stream: io.progress,
    label: `import ${format}`,
  });
  try {
    try {
      await migrateToLatest(db);
    } catch (error) {
      throw new StartupError(
        `cannot open the database ${db.description}: ${(error as Error).message}`,
      );
    }
    io.out(`importing ${file} (${format}) into ${db.description}`);
    const report = await importFile(db.kysely, format, file, {
      shouldStop: () => stopRequested,
      onProgress: (p) => view.update(p),
    });
    view.stop();
    for (const line of summary(report)) io.out(line);
    return report.stopped ? 130 : 0;
  } catch (error) {
    view.stop();
    if (error instanceof StartupError) throw error;
    // A broken file (truncated .gz, unreadable block) ends the run; what was read stays.
    if (error instanceof ImportReadError) for (const line of summary(error.report)) io.out(line);
    io.err(`shortscience import: ${file}: ${(error as Error).message}`);
    return 1;
  } finally {
    process.off("SIGINT", onSigint);
    await db.close();
  }
}

function summary(r: ImportReport): string[] {
  const seconds = r.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(r.records / seconds) : r.records;
  const lines = [
    `${r.stopped ? "stopped after" : "imported"} ${r.records} records in ${seconds < 60 ? `${seconds.toFixed(1)}s` : formatDuration(seconds)} ` +
      `(${rate} records/s): ${r.inserted} new papers, ${r.updated} updated, ` +
      `${r.unchanged} unchanged, ${r.conflicts} identifier conflicts, ${r.bad} bad`,
  ];
  for (const b of r.badSamples) lines.push(`  line ${b.line}: ${b.message}`);
  if (r.bad > r.badSamples.length) lines.push(`  … and ${r.bad - r.badSamples.length} more`);
  if (r.stopped) lines.push("run the same command again to finish: it updates, never duplicates");
  return lines;
}
