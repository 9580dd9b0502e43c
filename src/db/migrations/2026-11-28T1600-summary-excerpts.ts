import type { Kysely, Migration } from "kysely";

// Never edit once landed: add a new migration instead.
//
// Issue 11, point 2: the home page shows cards with an excerpt of each summary, not the whole
// HTML. The excerpt (render/excerpt.ts) is derived from the stored HTML and stored beside it,
// by the one writer of summaries, whenever it writes the HTML (summary-writes.repo.ts): cutting
// HTML at a block boundary needs a parse, which a page render should not pay for each card.
// `excerpt_cut` is 1 when the excerpt leaves something out (the card says "Read more").
//
// Rows written before this migration have no excerpt (NULL): pages compute theirs when they
// read them, until `shortscience rerender` stores them (it picks rows without an excerpt).
// The backfill is not done here: migrations import nothing but the database layer, so they
// can never change when the renderer does.
export function summaryExcerptsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("summaries").addColumn("excerpt_html", "text").execute();
      await db.schema
        .alterTable("summaries")
        .addColumn("excerpt_cut", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("summaries").dropColumn("excerpt_cut").execute();
      await db.schema.alterTable("summaries").dropColumn("excerpt_html").execute();
    },
  };
}
