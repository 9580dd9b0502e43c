import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

/** The paper's arXiv categories, primary first; null when there is no such paper. */
export async function findPaperCategories(
  db: Kysely<Database>,
  paperId: number,
): Promise<string[] | null> {
  const row = await db
    .selectFrom("papers")
    .select("categories")
    .where("id", "=", paperId)
    .executeTakeFirst();
  return row ? row.categories.split(" ").filter((c) => c !== "") : null;
}
