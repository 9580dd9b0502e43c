import { type RawBuilder, type SqlBool, sql } from "kysely";

// What any listing, feed, count or score may show. One definition, because every list that
// forgot one of these marks would show a private, deleted or hidden text to the public.

/** A summary the public may see in lists: not private, not deleted by its author, not hidden. */
export function listedSummary(alias: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.is_private`)} = 0 and ${sql.ref(`${alias}.deleted_at`)} is null and ${sql.ref(`${alias}.hidden_at`)} is null)`;
}

/** A summary that exists for its own author and for links to it: not deleted, not hidden. */
export function presentSummary(alias: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.deleted_at`)} is null and ${sql.ref(`${alias}.hidden_at`)} is null)`;
}

/** A comment readers see: not deleted by its author, not hidden by a moderator. */
export function listedComment(alias: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.deleted_at`)} is null and ${sql.ref(`${alias}.hidden_at`)} is null)`;
}
