// One batch of the original site's papers, vignettes, votes or comments into our tables,
// through their features' services, each batch in one visible-write transaction with the
// legacy keys it made (legacy-keys.repo.ts): a re-run finds every row again.

import type { Kysely } from "kysely";
import type { ImportedComment } from "../comments/comment-import.service";
import { renderImportedComment, storeImportedComment } from "../comments/comment-import.service";
import type { RenderFn } from "../core/render-contract";
import { nowIso } from "../core/time";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { upsertPapers, type VenueCache } from "../papers/paper-store.service";
import {
  type ImportedSummary,
  recountImportedScores,
  renderImportedSummary,
  storeImportedSummary,
} from "../summaries/summary-import.service";
import { storeImportedVote } from "../votes/vote-import.service";
import { LEGACY_SOURCE } from "./legacy-accounts.service";
import { findLegacyIds, recordLegacyId } from "./legacy-keys.repo";
import { recordOfLegacyPaper } from "./legacy-papers";
import {
  type LegacyComment,
  type LegacyPaper,
  type LegacyVignette,
  type LegacyVote,
  paperKey,
  summaryKey,
} from "./legacy-rows";

export interface BatchOutcome {
  written: number;
  unchanged: number;
  skipped: number;
}

type Rendered = Awaited<ReturnType<typeof renderImportedSummary>>;
type OnSkip = (line: number, message: string) => void;
type Lined<T> = T & { line: number };

const ids = (
  db: Kysely<Database>,
  kind: "user" | "paper" | "summary" | "comment",
  keys: string[],
) => findLegacyIds(db, LEGACY_SOURCE, kind, keys);

export async function importLegacyPapers(
  db: Kysely<Database>,
  papers: readonly Lined<LegacyPaper>[],
  venues: VenueCache,
): Promise<BatchOutcome> {
  const known = await ids(
    db,
    "paper",
    papers.map((p) => paperKey(p.key)),
  );
  const records = papers.map((p) => ({ key: paperKey(p.key), record: recordOfLegacyPaper(p) }));
  // A paper without an identifier is found again by its legacy key alone: written once.
  const todo = records.filter((r) => r.record.identifiers.length > 0 || !known.has(r.key));
  if (todo.length === 0) return { written: 0, unchanged: papers.length, skipped: 0 };
  const result = await db.transaction().execute(async (trx) => {
    const r = await upsertPapers(
      trx,
      todo.map((t) => t.record),
      { venues },
    );
    for (const [i, t] of todo.entries()) {
      const id = r.ids[i];
      if (id) await recordLegacyId(trx, LEGACY_SOURCE, "paper", t.key, id);
    }
    return r;
  });
  return {
    written: result.inserted + result.updated,
    unchanged: papers.length - result.inserted - result.updated,
    skipped: 0,
  };
}

export async function importLegacyVignettes(
  db: Kysely<Database>,
  render: RenderFn,
  vignettes: readonly Lined<LegacyVignette>[],
  onSkip: OnSkip,
): Promise<BatchOutcome> {
  const out: BatchOutcome = { written: 0, unchanged: 0, skipped: 0 };
  const papers = await ids(
    db,
    "paper",
    vignettes.map((v) => paperKey(v.paper)),
  );
  const users = await ids(
    db,
    "user",
    vignettes.map((v) => String(v.userId)),
  );
  const ready: { key: string; s: ImportedSummary; html: Rendered }[] = [];
  // Rendered before the transaction opens, all at once: the render pool works in parallel.
  const rendered = await Promise.allSettled(
    vignettes.map((v) => renderImportedSummary(render, v.text)),
  );
  for (const [i, v] of vignettes.entries()) {
    const paperId = papers.get(paperKey(v.paper));
    const userId = users.get(String(v.userId));
    const html = rendered[i] as PromiseSettledResult<Rendered>;
    const why = !paperId
      ? `vignette of an unknown paper ${v.paper}`
      : !userId
        ? `vignette of an unknown user ${v.userId}`
        : html.status === "rejected"
          ? `vignette not rendered: ${(html.reason as Error).message}`
          : null;
    if (why || !paperId || !userId || html.status === "rejected") {
      onSkip(v.line, why ?? "");
      out.skipped++;
      continue;
    }
    const createdAt = v.added ?? v.edited ?? nowIso();
    const s = {
      paperId,
      userId,
      source: v.text,
      isPrivate: v.isPrivate,
      isAnonymous: v.isAnonymous,
      createdAt,
      updatedAt: v.edited && v.edited > createdAt ? v.edited : createdAt,
    };
    ready.push({ key: summaryKey(v.paper, v.userId), s, html: html.value });
  }
  await writeVisible(
    db,
    async (trx) => {
      for (const r of ready) {
        const stored = await storeImportedSummary(trx, r.s, r.html);
        await recordLegacyId(trx, LEGACY_SOURCE, "summary", r.key, stored.id);
        if (stored.written) out.written++;
        else out.unchanged++;
      }
    },
    { changed: () => out.written > 0 },
  );
  return out;
}

export async function importLegacyVotes(
  db: Kysely<Database>,
  votes: readonly Lined<LegacyVote>[],
  onSkip: OnSkip,
): Promise<BatchOutcome & { selfVotes: number }> {
  const out = { written: 0, unchanged: 0, skipped: 0, selfVotes: 0 };
  const summaries = await ids(
    db,
    "summary",
    votes.map((v) => summaryKey(v.paper, v.authorId)),
  );
  const voters = await ids(
    db,
    "user",
    votes.map((v) => String(v.voterId)),
  );
  const ready: { summaryId: number; userId: number; value: -1 | 0 | 1; at: string }[] = [];
  for (const v of votes) {
    const summaryId = summaries.get(summaryKey(v.paper, v.authorId));
    const userId = voters.get(String(v.voterId));
    // The original saved each author's own +1 with their summary; here authors never vote on
    // their own summaries, so a score counts other people's votes only.
    if (v.voterId === v.authorId) out.selfVotes++;
    else if (!summaryId)
      onSkip(v.line, `vote on an unknown summary ${summaryKey(v.paper, v.authorId)}`);
    else if (!userId) onSkip(v.line, `vote by an unknown user ${v.voterId}`);
    else {
      ready.push({ summaryId, userId, value: v.value, at: v.at ?? nowIso() });
      continue;
    }
    if (v.voterId !== v.authorId) out.skipped++;
  }
  await writeVisible(db, async (trx) => {
    for (const v of ready) await storeImportedVote(trx, v);
    await recountImportedScores(trx, [...new Set(ready.map((v) => v.summaryId))]);
  });
  out.written = ready.length;
  return out;
}

export async function importLegacyComments(
  db: Kysely<Database>,
  render: RenderFn,
  comments: readonly Lined<LegacyComment>[],
  onSkip: OnSkip,
): Promise<BatchOutcome> {
  const out: BatchOutcome = { written: 0, unchanged: 0, skipped: 0 };
  const known = await ids(
    db,
    "comment",
    comments.map((c) => String(c.id)),
  );
  const summaries = await ids(
    db,
    "summary",
    comments.map((c) => summaryKey(c.paper, c.summaryUserId)),
  );
  const users = await ids(
    db,
    "user",
    comments.map((c) => String(c.userId)),
  );
  const ready: { key: string; value: ImportedComment; html: string; existing: number | null }[] =
    [];
  for (const c of comments) {
    const summaryId = summaries.get(summaryKey(c.paper, c.summaryUserId));
    const userId = users.get(String(c.userId));
    if (!summaryId || !userId) {
      onSkip(c.line, `comment ${c.id} on an unknown ${summaryId ? "user" : "summary"}`);
      out.skipped++;
      continue;
    }
    const existing = known.get(String(c.id)) ?? null;
    let html = "";
    try {
      if (existing === null) html = await renderImportedComment(render, c.text);
    } catch (error) {
      onSkip(c.line, `comment ${c.id} not rendered: ${(error as Error).message}`);
      out.skipped++;
      continue;
    }
    const createdAt = c.added ?? nowIso();
    const value = {
      summaryId,
      userId,
      source: c.text,
      createdAt,
      deletedAt: c.deleted ? createdAt : null,
    };
    ready.push({ key: String(c.id), value, html, existing });
  }
  await writeVisible(
    db,
    async (trx) => {
      for (const r of ready) {
        const id = await storeImportedComment(trx, r.value, r.html, r.existing);
        if (id === null) continue;
        await recordLegacyId(trx, LEGACY_SOURCE, "comment", r.key, id);
        if (r.existing === null) out.written++;
        else out.unchanged++;
      }
    },
    { changed: () => out.written > 0 },
  );
  return out;
}
