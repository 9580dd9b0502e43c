import { UsageError } from "./cli/cluster-options";
import { runExportCommand } from "./cli/export-command";
import { runImportCommand } from "./cli/import-command";
import { runRefreshMetadataCommand } from "./cli/refresh-metadata-command";
import { runRenderCommand } from "./cli/render-command";
import { explainStartupError, openRuntime } from "./cli/runtime";
import { runServeCommand } from "./cli/serve-command";
import { runUserCommand } from "./cli/user-command";
import { loadDemo } from "./demo/load-demo";
import { describeCleanup, purgeExpired } from "./maintenance/cleanup.service";
import { rerenderAll } from "./maintenance/rerender.service";

const USAGE = `Usage: shortscience <command>

  start [--workers N]
                     migrate, add demo content to an empty database, and serve (npm start)
  serve [--workers N]
                     migrate and serve; never adds demo content. N processes share the port
                     (1-64; default: WORKERS, else one per CPU core; 1: a single process)
  migrate            bring the database schema up to date
  demo               add the demo content, if the database has no papers yet
  rerender           re-render summaries and comments stored by an older renderer
  cleanup            delete expired sessions, e-mail tokens, rate-limit windows, sign-in
                     states and metadata-cache answers (a server does it every hour)
  refresh-metadata   ask the metadata services now about every paper entered by hand, and
                     replace its details with a service's record where one knows it (a
                     server does it every hour); prints the counts
  user create NAME [--email ADDRESS] [--admin | --moderator]
                     create a confirmed account and print a link that sets its password
  user role NAME user|moderator|admin
  user ban NAME | user unban NAME
                     a ban ends the user's sessions at once and refuses login
  import arxiv FILE.jsonl[.gz] | import dblp FILE.xml[.gz]
                     add or update papers from the arXiv metadata snapshot or DBLP's XML
                     dump, in committed batches; a re-run updates, never duplicates
  import shortscience-mysql DUMP.sql[.gz]
                     load the original ShortScience.org site's MySQL dump: users (without
                     passwords), papers, summaries, votes, comments; a re-run updates
  export DIR         write the public dump to DIR as JSON Lines (papers, public summaries with
                     their revisions, vote totals, comments) with manifest.json (the licence)
  render [--check] FILE…
                     print the HTML of each Markdown file; with --check, one line per file
                     "FILE: N expressions, M errors", exit 1 if any has an error

Configuration comes from the environment (see README.md and .env.example).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === "render") {
    return runRenderCommand(
      args,
      (l) => process.stdout.write(`${l}\n`),
      (l) => process.stderr.write(`${l}\n`),
    );
  }
  if (command === "import") {
    return runImportCommand(args, {
      out: (l) => process.stdout.write(`${l}\n`),
      err: (l) => process.stderr.write(`${l}\n`),
      progress: process.stdout,
    });
  }
  if (!command || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === "start" || command === "serve") {
    try {
      return await runServeCommand(args, { withDemo: command === "start" });
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      process.stderr.write(`shortscience ${command}: ${error.message}\n`);
      return 2;
    }
  }
  if (
    !["migrate", "demo", "rerender", "user", "cleanup", "refresh-metadata", "export"].includes(
      command,
    )
  ) {
    process.stderr.write(`shortscience: unknown command "${command}"\n\n${USAGE}\n`);
    return 2;
  }
  const rt = await openRuntime(process.env);
  try {
    const render = (source: string) => rt.pool.render(source);
    switch (command) {
      case "export":
        return await runExportCommand(rt.db.kysely, args, {
          out: (l) => process.stdout.write(`${l}\n`),
          err: (l) => process.stderr.write(`${l}\n`),
        });
      case "user":
        return await runUserCommand(rt, args, (l) => process.stdout.write(`${l}\n`));
      case "migrate":
        process.stdout.write(`database ${rt.db.description} is up to date\n`);
        return 0;
      case "refresh-metadata":
        return await runRefreshMetadataCommand(
          { db: rt.db.kysely, metadata: rt.metadata, logger: rt.logger },
          args,
          (l) => process.stdout.write(`${l}\n`),
        );
      case "cleanup":
        process.stdout.write(`deleted ${describeCleanup(await purgeExpired(rt.db.kysely))}\n`);
        return 0;
      case "demo": {
        const demo = await loadDemo(rt.db.kysely, render);
        process.stdout.write(
          demo.loaded
            ? `added ${demo.papers} papers and ${demo.summaries} summaries\n`
            : "the database already has papers; demo content not added\n",
        );
        return 0;
      }
      default: {
        const report = await rerenderAll(rt.db.kysely, render);
        process.stdout.write(
          `re-rendered ${report.summaries} summaries and ${report.comments} comments\n`,
        );
        for (const f of report.failed) process.stderr.write(`  ${f.kind} ${f.id}: ${f.message}\n`);
        return report.failed.length > 0 ? 1 : 0;
      }
    }
  } finally {
    await rt.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = explainStartupError(error);
    process.stderr.write(
      message
        ? `shortscience: ${message}\n`
        : `shortscience: ${String((error as Error)?.stack ?? error)}\n`,
    );
    process.exitCode = 1;
  },
);
