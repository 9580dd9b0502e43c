import type { Kysely } from "kysely";
import type { Database, PaperRow } from "../db/schema";
import type { PaperId } from "./ids";

export interface NewPaper {
  title: string;
  authors: string[];
  year: number | null;
  venueId: number | null;
  abstract: string;
  categories: string[];
  section: string | null;
  arxivVersion: number | null;
  createdAt: string;
}

export async function insertPaper(db: Kysely<Database>, paper: NewPaper): Promise<number> {
  const row = await db
    .insertInto("papers")
    .values({
      title: paper.title,
      authors: JSON.stringify(paper.authors),
      year: paper.year,
      venue_id: paper.venueId,
      abstract: paper.abstract,
      categories: paper.categories.join(" "),
      section: paper.section,
      arxiv_version: paper.arxivVersion,
      created_at: paper.createdAt,
      updated_at: paper.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addPaperIdentifier(
  db: Kysely<Database>,
  paperId: number,
  id: Pick<PaperId, "scheme" | "value">,
): Promise<void> {
  await db
    .insertInto("paper_identifiers")
    .values({ paper_id: paperId, scheme: id.scheme, value: id.value })
    .execute();
}

export async function findPaperIdByIdentifier(
  db: Kysely<Database>,
  id: Pick<PaperId, "scheme" | "value">,
): Promise<number | null> {
  const row = await db
    .selectFrom("paper_identifiers")
    .select("paper_id")
    .where("scheme", "=", id.scheme)
    .where("value", "=", id.value)
    .executeTakeFirst();
  return row?.paper_id ?? null;
}

export async function findPaperById(db: Kysely<Database>, id: number): Promise<PaperRow | null> {
  return (
    (await db.selectFrom("papers").selectAll().where("id", "=", id).executeTakeFirst()) ?? null
  );
}

export async function listPaperIdentifiers(
  db: Kysely<Database>,
  paperIds: readonly number[],
): Promise<{ paper_id: number; scheme: string; value: string }[]> {
  if (paperIds.length === 0) return [];
  return db
    .selectFrom("paper_identifiers")
    .select(["paper_id", "scheme", "value"])
    .where("paper_id", "in", paperIds)
    .orderBy("id")
    .execute();
}

export async function countPapers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("papers")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
