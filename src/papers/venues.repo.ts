// The one writer of the venues table (ensureVenues): the paper store, hand entry and the demo
// all create venues through it.

import type { Kysely, Selectable } from "kysely";
import { DB_ROWS_PER_INSERT } from "../core/limits";
import { listedSummary } from "../db/listed";
import type { Database, VenuesTable } from "../db/schema";
import { chunks } from "./chunks";

type VenueRow = Selectable<VenuesTable>;

/** Venue ids by key; missing venues are created with the given name (existing names stay). */
export async function ensureVenues(
  db: Kysely<Database>,
  venues: readonly { key: string; name: string }[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (venues.length === 0) return ids;
  for (const part of chunks(venues, DB_ROWS_PER_INSERT)) {
    await db
      .insertInto("venues")
      .values(part.map((v) => ({ key: v.key, name: v.name, description: "" })))
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    const rows = await db
      .selectFrom("venues")
      .select(["id", "key"])
      .where(
        "key",
        "in",
        part.map((v) => v.key),
      )
      .execute();
    for (const r of rows) ids.set(r.key, r.id);
  }
  return ids;
}

export async function findVenueByKey(db: Kysely<Database>, key: string): Promise<VenueRow | null> {
  return (
    (await db.selectFrom("venues").selectAll().where("key", "=", key).executeTakeFirst()) ?? null
  );
}

export async function findVenueById(db: Kysely<Database>, id: number): Promise<VenueRow | null> {
  return (
    (await db.selectFrom("venues").selectAll().where("id", "=", id).executeTakeFirst()) ?? null
  );
}

/** Venues that have at least one paper with a public summary, with those papers' count. */
export async function listVenuesWithSummaries(
  db: Kysely<Database>,
): Promise<(VenueRow & { papers: number })[]> {
  const rows = await db
    .selectFrom("venues as v")
    .innerJoin("papers as p", "p.venue_id", "v.id")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("summaries as s")
          .select("s.id")
          .whereRef("s.paper_id", "=", "p.id")
          .where(listedSummary("s")),
      ),
    )
    .groupBy(["v.id", "v.key", "v.name", "v.description"])
    .select(["v.id", "v.key", "v.name", "v.description"])
    .select((eb) => eb.fn.count<number>("p.id").distinct().as("papers"))
    .orderBy("v.name")
    .execute();
  return rows.map((r) => ({ ...r, papers: Number(r.papers) }));
}

/** A venue's papers that have public summaries, newest year first. */
export async function listVenuePapers(
  db: Kysely<Database>,
  venueId: number,
): Promise<{ id: number; title: string; year: number | null; summaries: number }[]> {
  const rows = await db
    .selectFrom("papers as p")
    .innerJoin("summaries as s", "s.paper_id", "p.id")
    .where(listedSummary("s"))
    .where("p.venue_id", "=", venueId)
    .groupBy(["p.id", "p.title", "p.year"])
    .select(["p.id", "p.title", "p.year"])
    .select((eb) => eb.fn.count<number>("s.id").as("summaries"))
    .orderBy("p.year", "desc")
    .orderBy("p.title")
    .execute();
  return rows.map((r) => ({ ...r, summaries: Number(r.summaries) }));
}
