import type { Kysely } from "kysely";
import { addComment } from "../comments/comments.service";
import type { RenderFn } from "../core/render-contract";
import { renderOrRefuse } from "../core/render-contract";
import { daysAgoIso } from "../core/time";
import type { Database } from "../db/schema";
import { type PaperRecord, upsertPapers } from "../papers/paper-store.service";
import { hasPapers } from "../papers/papers.service";
import { createSummary } from "../summaries/summary-write.service";
import { insertUser } from "../users/users.service";
import { voteOnSummary } from "../votes/votes.service";
import { demoComments, demoPapers, demoSummaries, demoUsers, demoVotes } from "./content";

export interface DemoReport {
  loaded: boolean;
  papers: number;
  summaries: number;
}

/** Fills an empty database with the demo; a database that has papers is left alone. */
export async function loadDemo(db: Kysely<Database>, render: RenderFn): Promise<DemoReport> {
  if (await hasPapers(db)) return { loaded: false, papers: 0, summaries: 0 };
  const now = Date.now();
  const at = (days: number) => daysAgoIso(days, now);

  const userIds = new Map<string, number>();
  for (const u of demoUsers) {
    const bioHtml = u.bio ? (await renderOrRefuse(render, u.bio)).html : "";
    const id = await insertUser(db, {
      username: u.username,
      displayName: u.displayName,
      bio: u.bio,
      bioHtml,
      orcid: u.orcid ?? null,
      email: null,
      createdAt: at(400),
    });
    userIds.set(u.username, id);
  }

  // Through the paper store, like any paper from outside data: the arXiv categories give the
  // section, and venues are created (or found) by the one venues writer.
  const records: PaperRecord[] = demoPapers.map((p) => ({
    title: p.title,
    authors: p.authors,
    year: p.year,
    venue: { key: p.venue.key, name: p.venue.name },
    abstract: p.abstract,
    categories: p.categories,
    arxivVersion: p.version,
    identifiers: [
      { scheme: "arxiv", value: p.arxivId },
      ...(p.doi ? [{ scheme: "doi", value: p.doi.toLowerCase() }] : []),
    ],
  }));
  const stored = await upsertPapers(db, records);
  const paperIds = new Map<string, number>();
  const paperVersions = new Map<string, number>();
  demoPapers.forEach((p, i) => {
    paperIds.set(p.arxivId, stored.ids[i] ?? 0);
    paperVersions.set(p.arxivId, p.version);
  });

  const summaryIds = new Map<string, number>();
  for (const s of demoSummaries) {
    const id = await createSummary(db, render, {
      paperId: must(paperIds, s.paperArxivId),
      userId: must(userIds, s.author),
      source: s.source,
      isPrivate: s.private ?? false,
      isAnonymous: s.anonymous ?? false,
      paperVersion: paperVersions.get(s.paperArxivId) ?? null,
      at: at(s.daysAgo),
    });
    summaryIds.set(s.key, id);
  }

  for (const [i, v] of demoVotes.entries()) {
    await voteOnSummary(db, {
      summaryId: must(summaryIds, v.summaryKey),
      userId: must(userIds, v.voter),
      value: v.value,
      at: at(i % 20),
    });
  }
  for (const c of demoComments) {
    await addComment(db, render, {
      summaryId: must(summaryIds, c.summaryKey),
      userId: must(userIds, c.author),
      source: c.body,
      at: at(c.daysAgo),
    });
  }
  return { loaded: true, papers: demoPapers.length, summaries: demoSummaries.length };
}

function must<T>(map: Map<string, T>, key: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`demo content refers to unknown "${key}"`);
  return value;
}
