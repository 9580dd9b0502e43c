import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

export interface VenueRow {
  id: number;
  key: string;
  name: string;
  description: string;
}

export async function upsertVenue(
  db: Kysely<Database>,
  venue: { key: string; name: string; description?: string },
): Promise<number> {
  const existing = await findVenueByKey(db, venue.key);
  if (existing) return existing.id;
  const row = await db
    .insertInto("venues")
    .values({ key: venue.key, name: venue.name, description: venue.description ?? "" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
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
          .where("s.is_private", "=", 0),
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
    .innerJoin("summaries as s", (j) =>
      j.onRef("s.paper_id", "=", "p.id").on("s.is_private", "=", 0),
    )
    .where("p.venue_id", "=", venueId)
    .groupBy(["p.id", "p.title", "p.year"])
    .select(["p.id", "p.title", "p.year"])
    .select((eb) => eb.fn.count<number>("s.id").as("summaries"))
    .orderBy("p.year", "desc")
    .orderBy("p.title")
    .execute();
  return rows.map((r) => ({ ...r, summaries: Number(r.summaries) }));
}
