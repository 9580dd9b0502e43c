import type { CompiledQuery, Kysely, KyselyPlugin } from "kysely";
import type { Database } from "../../src/db/schema";

/**
 * The statements `run` sends through `db`, compiled (they run as usual): those built with
 * Kysely's builders, seen by a plugin, and those sent already compiled (`compiledOnce`'s
 * later calls), seen at `executeQuery`.
 */
export async function statementsOf(
  db: Kysely<Database>,
  run: (db: Kysely<Database>) => Promise<unknown>,
): Promise<CompiledQuery[]> {
  const seen: CompiledQuery[] = [];
  const executor = db.getExecutor();
  const recorder: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      seen.push(executor.compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const recorded = db.withPlugin(recorder);
  const executeQuery = recorded.executeQuery.bind(recorded);
  recorded.executeQuery = ((query: Parameters<typeof executeQuery>[0]) => {
    // A builder is compiled through the plugin above; a compiled query is not, unless it was
    // compiled just now (compiledOnce's first call), which the plugin saw already.
    const last = seen.at(-1);
    const compiled = "compile" in query ? null : (query as CompiledQuery);
    if (
      compiled &&
      !(last?.sql === compiled.sql && sameValues(last.parameters, compiled.parameters))
    ) {
      seen.push(compiled);
    }
    return executeQuery(query);
  }) as typeof executeQuery;
  await run(recorded);
  return seen;
}

const sameValues = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);
