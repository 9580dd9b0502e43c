import type { Kysely } from "kysely";
import { notFound } from "../core/errors";
import type { Database } from "../db/schema";
import { canonicalPaperPath } from "./paper-paths";
import { paperPathsById } from "./papers.service";
import { findVenueByKey, listVenuePapers, listVenuesWithSummaries } from "./venues.repo";

export interface VenueListing {
  key: string;
  name: string;
  /** Papers of the venue that have a public summary. */
  papers: number;
}

/** Venues that have at least one paper with a public summary, by name. */
export async function listVenues(db: Kysely<Database>): Promise<VenueListing[]> {
  const rows = await listVenuesWithSummaries(db);
  return rows.map((v) => ({ key: v.key, name: v.name, papers: v.papers }));
}

export interface VenuePage {
  key: string;
  name: string;
  description: string;
  years: number[];
  year: number | null;
  papers: { path: string; title: string; year: number | null; summaries: number }[];
}

/** A venue's papers that have summaries, for one year (the latest by default). */
export async function getVenuePage(
  db: Kysely<Database>,
  key: string,
  year: number | null,
): Promise<VenuePage> {
  const venue = await findVenueByKey(db, key);
  if (!venue) throw notFound("That venue");
  const all = await listVenuePapers(db, venue.id);
  const years = [...new Set(all.map((p) => p.year).filter((y): y is number => y !== null))];
  const shownYear = year ?? years[0] ?? null;
  if (year !== null && !years.includes(year)) throw notFound(`${venue.name} ${year}`);
  const papers = shownYear === null ? all : all.filter((p) => p.year === shownYear);
  const paths = await paperPathsById(
    db,
    papers.map((p) => p.id),
  );
  return {
    key: venue.key,
    name: venue.name,
    description: venue.description,
    years,
    year: shownYear,
    papers: papers.map((p) => ({
      path: paths.get(p.id) ?? canonicalPaperPath(p.id, []),
      title: p.title,
      year: p.year,
      summaries: p.summaries,
    })),
  };
}
