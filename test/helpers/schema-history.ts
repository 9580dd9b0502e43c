// Data written as the app wrote it at each schema version, for the upgrade-path tests:
// every step writes with the columns its own migrations created, nothing later.

import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { hashPassword } from "../../src/auth/passwords";
import { RENDERER_VERSION, renderMarkdown } from "../../src/render";

export const ACCOUNTS_MIGRATION = "2026-11-26T2200-accounts";
export const UPGRADE_PASSWORD = "an upgrade-proof passphrase";
const ACCOUNTS = ACCOUNTS_MIGRATION;
const PASSWORD = UPGRADE_PASSWORD;

// biome-ignore lint/suspicious/noExplicitAny: each step writes the schema of its own time
export type AnyDb = Kysely<any>;

export interface Written {
  step: number;
  arxiv: string;
  paperId: number;
  title: string;
  summaryId: number;
  author: { id: number; username: string; email: string; hasPassword: boolean };
  voter: string;
  summary: string;
  privateNote: string;
  comment: string;
}

const insertId = async (db: AnyDb, table: string, values: Record<string, unknown>) =>
  Number((await db.insertInto(table).values(values).returning("id").executeTakeFirstOrThrow()).id);

/** A user as the app of that schema version created one. */
export async function writeUser(
  db: AnyDb,
  name: string,
  email: string | null,
  accounts: boolean,
  at: string,
) {
  const base = {
    username: name,
    username_key: name.toLowerCase(),
    display_name: `Person ${name}`,
    bio: "",
    bio_html: "",
    orcid: null,
    email,
    role: "user",
    created_at: at,
  };
  if (!accounts) return insertId(db, "users", base);
  return insertId(db, "users", {
    ...base,
    password_hash: await hashPassword(PASSWORD),
    email_key: email?.toLowerCase() ?? null,
    email_verified_at: at,
  });
}

export async function writeStep(db: AnyDb, step: number, applied: string[]): Promise<Written> {
  const accounts = applied.includes(ACCOUNTS);
  const at = new Date(Date.UTC(2020, 0, 1 + step)).toISOString();
  const tag = `s${step}${randomBytes(2).toString("hex")}`;
  const email = `Author.${tag}@Example.org`;
  const authorName = `author_${tag}`;
  const authorId = await writeUser(db, authorName, email, accounts, at);
  const voterId = await writeUser(db, `voter_${tag}`, `voter.${tag}@example.org`, accounts, at);
  const otherId = await writeUser(db, `other_${tag}`, null, accounts, at);
  const venueId = await insertId(db, "venues", { key: `venue-${tag}`, name: `Venue ${tag}` });
  const title = `Upgrade paper ${tag}`;
  const paperId = await insertId(db, "papers", {
    title,
    authors: JSON.stringify(["Ada Author"]),
    year: 2020,
    venue_id: venueId,
    abstract: "An abstract.",
    categories: "cs.LG",
    section: "cs",
    arxiv_version: 1,
    created_at: at,
    updated_at: at,
  });
  const arxiv = `2101.${String(10_000 + step)}`;
  await db
    .insertInto("paper_identifiers")
    .values({ paper_id: paperId, scheme: "arxiv", value: arxiv })
    .execute();
  const summary = `Summary written at step ${tag}, with $x^2$.`;
  const privateNote = `Private note at step ${tag}.`;
  const comment = `Comment at step ${tag}.`;
  const summaryRow = (userId: number, source: string, isPrivate: number, score: number) => {
    const r = renderMarkdown(source);
    return {
      paper_id: paperId,
      user_id: userId,
      source,
      html: r.html,
      renderer_version: RENDERER_VERSION,
      math_count: r.mathCount,
      math_errors: r.mathErrors.length,
      is_private: isPrivate,
      is_anonymous: 0,
      share_token: randomBytes(16).toString("base64url"),
      paper_version: 1,
      score,
      created_at: at,
      updated_at: at,
    };
  };
  const summaryId = await insertId(db, "summaries", summaryRow(authorId, summary, 0, 2));
  await insertId(db, "summaries", summaryRow(voterId, privateNote, 1, 0));
  for (const userId of [voterId, otherId]) {
    await db
      .insertInto("votes")
      .values({ summary_id: summaryId, user_id: userId, value: 1, created_at: at })
      .execute();
  }
  await insertId(db, "comments", {
    summary_id: summaryId,
    user_id: voterId,
    source: comment,
    html: renderMarkdown(comment).html,
    renderer_version: RENDERER_VERSION,
    created_at: at,
    updated_at: at,
  });
  await db
    .insertInto("paper_views")
    .values({ paper_id: paperId, day: at.slice(0, 10), views: 3 })
    .execute();
  return {
    step,
    arxiv,
    paperId,
    title,
    summaryId,
    author: { id: authorId, username: authorName, email, hasPassword: accounts },
    voter: `voter_${tag}`,
    summary,
    privateNote,
    comment,
  };
}
