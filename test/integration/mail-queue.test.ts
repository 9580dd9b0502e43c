import type { Kysely } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Mailer } from "../../src/core/mailer";
import type { Database } from "../../src/db/schema";
import {
  deliverDueMails,
  queueMails,
  type RetryPolicy,
  retryDelayMs,
} from "../../src/notifications/mail-queue.service";
import { startMailQueueWorker } from "../../src/notifications/mail-queue-worker";
import { startMailWorkers } from "../helpers/mail-workers";
import { startTestSmtp } from "../helpers/smtp";
import { createTestDb, type TestDb } from "../helpers/test-db";

// The notification mail queue: a down SMTP server loses nothing, every mail arrives once when
// it is back, even with two worker processes on one database; capped attempts end as failed.

let testDb: TestDb;
let db: Kysely<Database>;

beforeAll(async () => {
  testDb = await createTestDb();
  db = testDb.db.kysely;
});
afterAll(() => testDb?.drop());

/** Waits for a condition on the database (polled), failing after `ms`. */
async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function queue(subjects: string[]) {
  await db.transaction().execute((trx) =>
    queueMails(
      trx,
      subjects.map((s) => ({
        userId: null,
        to: "reader@example.org",
        subject: s,
        text: `Body of ${s}`,
      })),
      new Date().toISOString(),
    ),
  );
}

const rowsOf = (subjects: string[]) =>
  db.selectFrom("mail_queue").selectAll().where("subject", "in", subjects).execute();

describe("mail queue", () => {
  it("backs off exponentially up to a cap", () => {
    const p = { baseMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 9].map((a) => retryDelayMs(a, p))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it("loses nothing while SMTP is down and sends each mail once when it is back, with two workers", async () => {
    const first = await startTestSmtp();
    const port = Number(new URL(first.url).port);
    await first.close();
    const subjects = Array.from({ length: 30 }, (_, i) => `Queued mail ${i} ${Date.now()}`);
    await queue(subjects);
    const policy: RetryPolicy = {
      baseMs: 10,
      maxMs: 100,
      maxAttempts: 10_000,
      leaseMs: 600_000,
      batch: 7,
    };
    const workers = await startMailWorkers(testDb.url, first.url, policy, 2);
    let smtp: Awaited<ReturnType<typeof startTestSmtp>> | null = null;
    try {
      // Retried, not lost: every mail failed at least twice and is still queued.
      await until("two failed attempts of every mail", async () =>
        (await rowsOf(subjects)).every((r) => r.attempts >= 2),
      );
      const waiting = await rowsOf(subjects);
      expect(waiting.map((r) => r.status)).toEqual(subjects.map(() => "queued"));
      expect(waiting.every((r) => /ECONNREFUSED|connect/i.test(r.last_error ?? ""))).toBe(true);

      smtp = await startTestSmtp({ port });
      await smtp.waitFor(subjects.length);
      await until("every mail marked sent", async () =>
        (await rowsOf(subjects)).every((r) => r.status === "sent"),
      );
    } finally {
      await workers.stop();
    }
    // Both workers stopped: nothing more can arrive. Each mail exactly once.
    const received = (smtp?.mails ?? []).map((m) => m.subject);
    await smtp?.close();
    expect(received.length).toBe(subjects.length);
    expect([...received].sort()).toEqual([...subjects].sort());
  });

  it("marks a mail failed after the capped attempts and logs it", async () => {
    const subject = `Doomed ${Date.now()}`;
    await queue([subject]);
    const logged: string[] = [];
    const logger = pino(
      { level: "warn" },
      { write: (line: string) => logged.push(JSON.parse(line).msg as string) },
    );
    let sends = 0;
    const down: Mailer = {
      async send() {
        sends++;
        throw new Error("connect ECONNREFUSED");
      },
      close() {},
    };
    const policy: RetryPolicy = {
      baseMs: 0,
      maxMs: 0,
      maxAttempts: 3,
      leaseMs: 600_000,
      batch: 50,
    };
    const worker = startMailQueueWorker({ db, mailer: down, logger, policy, timer: false });
    for (let i = 0; i < 5; i++) await worker.tick();
    await worker.stop();
    const [row] = await rowsOf([subject]);
    expect(row?.status).toBe("failed");
    expect(row?.attempts).toBe(3);
    // Three attempts for this mail, then no more (other tests' mails are all sent).
    expect(sends).toBe(3);
    expect(logged.filter((m) => m === "mail send failed; will retry")).toHaveLength(2);
    expect(logged.filter((m) => m === "mail failed for good")).toHaveLength(1);
  });

  it("never hands one mail to two workers claiming at once", async () => {
    const subjects = Array.from({ length: 40 }, (_, i) => `Claimed ${i} ${Date.now()}`);
    await queue(subjects);
    const sent: string[] = [];
    const recording: Mailer = {
      async send(m) {
        sent.push(m.subject);
      },
      close() {},
    };
    const policy: RetryPolicy = { baseMs: 0, maxMs: 0, maxAttempts: 3, leaseMs: 600_000, batch: 5 };
    const silent = pino({ level: "silent" });
    const workers = Array.from({ length: 4 }, () =>
      startMailQueueWorker({ db, mailer: recording, logger: silent, policy, timer: false }),
    );
    await Promise.all(workers.map((w) => w.tick()));
    await Promise.all(workers.map((w) => w.stop()));
    expect([...sent].sort()).toEqual([...subjects].sort());
  });

  it("renews each mail's claim before sending it: a batch that outlived its lease never sends a mail another worker took over", async () => {
    const stamp = Date.now();
    const subjects = [1, 2, 3].map((n) => `Slow batch ${n} ${stamp}`);
    await queue(subjects);
    const lease = 600_000;
    const policy: RetryPolicy = { baseMs: 0, maxMs: 0, maxAttempts: 3, leaseMs: lease, batch: 3 };
    const silent = pino({ level: "silent" });
    let clock = Date.now() + 1_000;
    const now = () => clock;
    const sends: string[] = [];
    const other: Mailer = {
      async send(m) {
        sends.push(`other: ${m.subject}`);
      },
      close() {},
    };
    // The first worker's sends are slow (SMTP timeouts): the batch outlives its lease while
    // its second mail is being sent, and another worker runs then.
    const slow: Mailer = {
      async send(m) {
        sends.push(`slow: ${m.subject}`);
        if (m.subject === subjects[0]) clock += 0.6 * lease;
        if (m.subject === subjects[1]) {
          clock += 0.5 * lease;
          await deliverDueMails(db, other, silent, policy, now);
          clock += 0.1 * lease;
        }
      },
      close() {},
    };
    await deliverDueMails(db, slow, silent, policy, now);
    expect(sends.filter((s) => subjects.some((subject) => s.endsWith(subject)))).toEqual([
      `slow: ${subjects[0]}`,
      `slow: ${subjects[1]}`,
      `other: ${subjects[2]}`,
    ]);
    expect((await rowsOf(subjects)).map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
  });
});
