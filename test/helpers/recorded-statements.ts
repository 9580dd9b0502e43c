import type { CompiledQuery, Kysely, KyselyPlugin } from "kysely";
import type { Database } from "../../src/db/schema";

/**
 * The statements `run` sends through `db`, compiled (they run as usual): those built with
 * Kysely's builders, seen by a plugin as they are compiled, and those sent already compiled
 * (`compiledOnce`'s later calls), seen at `db.executeQuery` (not inside a transaction or
 * `db.connection()`, which this does not follow).
 */
export async function statementsOf(
  db: Kysely<Database>,
  run: (db: Kysely<Database>) => Promise<unknown>,
): Promise<CompiledQuery[]> {
  const seen: CompiledQuery[] = [];
  const executor = db.getExecutor();
  // Set by a compile the plugin saw, until the query runs: compiledOnce's first call compiles
  // the builder and then sends the compiled text, which must not be counted twice.
  let justCompiled = false;
  const recorder: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      seen.push(executor.compileQuery(node, queryId));
      justCompiled = true;
      return node;
    },
    transformResult: async ({ result }) => {
      justCompiled = false;
      return result;
    },
  };
  const recorded = db.withPlugin(recorder);
  const executeQuery = recorded.executeQuery.bind(recorded);
  recorded.executeQuery = ((query: Parameters<typeof executeQuery>[0]) => {
    if (!("compile" in query) && !justCompiled) seen.push(query as CompiledQuery);
    justCompiled = false;
    return executeQuery(query);
  }) as typeof executeQuery;
  await run(recorded);
  return seen;
}
