// The lookups of new papers this process is running, so that the person adding one sees
// progress: POST /papers starts a lookup here and answers at once; the status page reads
// and waits on it. One lookup per identifier (parallel posts join it, so one paper is
// made), each bounded in time by the HTTP client (timeouts, politeness queue, total budget),
// a client starts at most its rate limit's worth, and the table holds at most
// PAPER_LOOKUPS_MAX entries. Outcomes are kept a few minutes for the status page to show;
// a lookup started on another app process is not seen here (the page offers to fetch again).

import type { Kysely } from "kysely";
import { PAPER_LOOKUP_KEEP_MS, PAPER_LOOKUPS_MAX } from "../core/limits";
import type { Database } from "../db/schema";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { type AddPaperOutcome, LookupBusyError, lookupAndSave } from "./add-paper.service";
import type { PaperId } from "./ids";
import { tooManyLookupsSentence } from "./lookup-sentences";
import type { MetadataService } from "./resolvers/metadata.service";

export type LookupState =
  /** `services`: resolver names asked in turn; `startedAt`: ms since the epoch. */
  | { status: "pending"; services: string[]; startedAt: number }
  | AddPaperOutcome
  /** The lookup threw (the database failed while saving): the status page rethrows it. */
  | { status: "failed"; error: unknown };

interface Job {
  state: LookupState;
  done: Promise<void>;
  settledAt: number | null;
}

export interface PaperLookupsOptions {
  now?: () => number;
  maxJobs?: number;
  keepMs?: number;
}

const keyOf = (id: PaperId) => `${id.scheme}:${id.value}`;

export class PaperLookups {
  private readonly jobs = new Map<string, Job>();
  private readonly now: () => number;
  private readonly maxJobs: number;
  private readonly keepMs: number;

  constructor(
    private readonly deps: { db: Kysely<Database>; metadata: MetadataService },
    opts: PaperLookupsOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.maxJobs = opts.maxJobs ?? PAPER_LOOKUPS_MAX;
    this.keepMs = opts.keepMs ?? PAPER_LOOKUP_KEEP_MS;
  }

  /**
   * Starts a lookup of `id` (the caller checked the paper is new), or joins the one running.
   * A new one counts against the client's rate limit; a full table is LookupBusyError.
   */
  async start(id: PaperId, ip: string): Promise<void> {
    const key = keyOf(id);
    if (this.jobs.get(key)?.state.status === "pending") return;
    await consumeRateLimit(this.deps.db, "paperLookupPerIp", ip);
    // Checked again: a parallel post may have started it while the limit was counted.
    if (this.jobs.get(key)?.state.status === "pending") return;
    this.jobs.delete(key);
    this.makeRoom();
    if (this.jobs.size >= this.maxJobs) throw new LookupBusyError(tooManyLookupsSentence());
    const job: Job = {
      state: {
        status: "pending",
        services: this.deps.metadata.servicesFor(id),
        startedAt: this.now(),
      },
      done: Promise.resolve(),
      settledAt: null,
    };
    const settle = (state: LookupState) => {
      job.state = state;
      job.settledAt = this.now();
    };
    job.done = lookupAndSave(this.deps, id).then(settle, (error: unknown) =>
      settle({ status: "failed", error }),
    );
    this.jobs.set(key, job);
  }

  /** Where the lookup of `id` stands, waiting up to `waitMs` for it to settle; null: none. */
  async wait(id: PaperId, waitMs: number): Promise<LookupState | null> {
    const job = this.current(id);
    if (!job) return null;
    if (job.state.status === "pending" && waitMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
      });
      await Promise.race([job.done, timeout]);
      clearTimeout(timer);
    }
    return job.state;
  }

  /** A lookup of `id` failed for real (not busy) moments ago: see HandEntryDeps. */
  recentlyUnreachable(id: PaperId): boolean {
    const state = this.current(id)?.state;
    return state?.status === "unavailable" && !state.busy;
  }

  private current(id: PaperId): Job | null {
    const job = this.jobs.get(keyOf(id));
    if (!job) return null;
    if (job.settledAt !== null && this.now() - job.settledAt > this.keepMs) {
      this.jobs.delete(keyOf(id));
      return null;
    }
    return job;
  }

  /** Forgets expired outcomes, then the oldest settled ones while the table is full. */
  private makeRoom(): void {
    const now = this.now();
    for (const [key, job] of this.jobs) {
      if (job.settledAt !== null && now - job.settledAt > this.keepMs) this.jobs.delete(key);
    }
    for (const [key, job] of this.jobs) {
      if (this.jobs.size < this.maxJobs) break;
      // Map order is insertion order: the first settled entries are the oldest.
      if (job.settledAt !== null) this.jobs.delete(key);
    }
  }
}
