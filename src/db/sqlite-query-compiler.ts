// SQLite (3.48 on) plans a query by the value bound to its LIMIT, so binding a value to
// `limit ?` expires the statement and the next run parses and plans it again. better-sqlite3
// binds on every run: the statement cache saved nothing for those queries. The header's unread
// count, a subquery with a LIMIT, took 21-31 µs a run instead of 3 µs with the number written
// in. An integer LIMIT is therefore written into the SQL text; its values come from code and
// bounded page sizes, so the texts stay few. OFFSET stays a parameter: SQLite does not plan by
// it, and a page number would make a text per page. The same holds for any value bound to an
// indexed column once `analyze` has stored STAT4 statistics, which is why the database is
// never analyzed (test/integration/sqlite-literal-limit.test.ts checks both).

import { type LimitNode, SqliteQueryCompiler, ValueNode } from "kysely";

/** A LIMIT value that can be written as SQL text as it is: an integer, not a string. */
export function literalLimit(value: unknown): string | null {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return null;
}

export class LiteralLimitSqliteCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    const literal = ValueNode.is(node.limit) ? literalLimit(node.limit.value) : null;
    if (literal === null) {
      super.visitLimit(node);
      return;
    }
    this.append(`limit ${literal}`);
  }
}
