import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { hashPassword } from "../../src/auth/passwords";
import { daysAgoIso, nowIso } from "../../src/core/time";
import type { Database } from "../../src/db/schema";
import { addPaperIdentifier, insertPaper } from "../../src/papers/paper-writes.repo";
import { createSummary } from "../../src/summaries/summary-write.service";
import { insertUser } from "../../src/users/users.repo";
import { testRender } from "./test-app";

const unique = () => randomBytes(4).toString("hex");

/** A process-wide sequence from a random start: random ids met by the birthday problem (24
 *  papers in one test collided), and a taken id silently left a paper with none. */
let nextArxivNumber = Math.floor(Math.random() * 90000);
const freshArxivId = () => `2001.${String(10000 + (nextArxivNumber++ % 90000))}`;

export async function makeUser(
  db: Kysely<Database>,
  over: { username?: string; displayName?: string; bio?: string } = {},
) {
  const username = over.username ?? `user_${unique()}`;
  const bio = over.bio ?? "";
  const id = await insertUser(db, {
    username,
    displayName: over.displayName ?? `Researcher ${username}`,
    bio,
    bioHtml: bio ? (await testRender(bio)).html : "",
    orcid: null,
    email: null,
    createdAt: nowIso(),
  });
  return { id, username };
}

export async function makePaper(
  db: Kysely<Database>,
  over: {
    title?: string;
    arxiv?: string;
    year?: number;
    section?: string | null;
    arxivVersion?: number;
  } = {},
) {
  const fields = {
    title: over.title ?? `A paper ${unique()}`,
    authors: ["Ada Author", "Bo Writer"],
    year: over.year ?? 2020,
    venue: null,
    abstract: "An abstract.",
    categories: ["cs.LG"],
    section: over.section === undefined ? "cs" : over.section,
    arxivVersion: over.arxivVersion ?? null,
  };
  const id = await insertPaper(db, { fields, venueId: null }, { at: nowIso() });
  const arxiv = over.arxiv ?? freshArxivId();
  if (!(await addPaperIdentifier(db, id, { scheme: "arxiv", value: arxiv }))) {
    throw new Error(`makePaper: arXiv:${arxiv} is already another paper's`);
  }
  return { id, arxiv };
}

export async function makeSummary(
  db: Kysely<Database>,
  paperId: number,
  userId: number,
  over: { source?: string; isPrivate?: boolean; isAnonymous?: boolean; paperVersion?: number } = {},
) {
  return createSummary(db, testRender, {
    paperId,
    userId,
    source: over.source ?? `A summary ${unique()} with $x^2$.`,
    isPrivate: over.isPrivate ?? false,
    isAnonymous: over.isAnonymous ?? false,
    paperVersion: over.paperVersion ?? null,
  });
}

/** A raw title change (no write path): what the search indexes' triggers must follow. */
export async function retitlePaper(db: Kysely<Database>, id: number, title: string): Promise<void> {
  await db.updateTable("papers").set({ title }).where("id", "=", id).execute();
}

/**
 * One up-vote by a new user, five days old (written as rows, score included): old enough to
 * count for its author's reputation, recent enough for the popular tab.
 */
export async function makeCountedVote(db: Kysely<Database>, summaryId: number): Promise<void> {
  const voter = await makeUser(db);
  await db
    .insertInto("votes")
    .values({ summary_id: summaryId, user_id: voter.id, value: 1, created_at: daysAgoIso(5) })
    .execute();
  await db.updateTable("summaries").set({ score: 1 }).where("id", "=", summaryId).execute();
}

/** A user who can log in: password set, e-mail confirmed unless told otherwise. */
export async function makeAccount(
  db: Kysely<Database>,
  over: {
    username?: string;
    email?: string;
    password?: string;
    verified?: boolean;
    displayName?: string;
  } = {},
) {
  const user = await makeUser(db, { username: over.username, displayName: over.displayName });
  const email = over.email ?? `${user.username}@example.org`;
  const password = over.password ?? "a long enough passphrase";
  await db
    .updateTable("users")
    .set({
      email,
      email_key: email.toLowerCase(),
      password_hash: await hashPassword(password),
      email_verified_at: over.verified === false ? null : nowIso(),
    })
    .where("id", "=", user.id)
    .execute();
  return { ...user, email, password };
}
