import type { Kysely } from "kysely";
import { rerenderStaleComments } from "../comments/comments.service";
import type { RenderFn } from "../core/render-contract";
import type { Database } from "../db/schema";
import { rerenderStaleSummaries } from "../summaries/summary-write.service";
import { rerenderBios } from "../users/users.service";

export interface RerenderReport {
  summaries: number;
  comments: number;
  /** Texts that could not be rendered in time; they keep their old HTML. */
  failed: { kind: "summary" | "comment" | "bio"; id: number; message: string }[];
}

/**
 * Re-renders every summary, comment and bio stored by an older renderer. Each feature owns
 * how its rows are found and stored; this only runs them in turn and adds up the report.
 */
export async function rerenderAll(db: Kysely<Database>, render: RenderFn): Promise<RerenderReport> {
  const summaries = await rerenderStaleSummaries(db, render);
  const comments = await rerenderStaleComments(db, render);
  const bios = await rerenderBios(db, render);
  return {
    summaries: summaries.written,
    comments: comments.written,
    failed: [
      ...summaries.failed.map((f) => ({ kind: "summary" as const, ...f })),
      ...comments.failed.map((f) => ({ kind: "comment" as const, ...f })),
      ...bios.failed.map((f) => ({ kind: "bio" as const, ...f })),
    ],
  };
}
