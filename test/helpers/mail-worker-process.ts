// A serving process's mail queue worker alone, in its own OS process with its own database
// connection, for the queue's concurrency test. Started by startMailWorkers (mail-workers.ts)
// with `node --import tsx`: argv is the database URL, the SMTP URL and the retry policy (JSON).

import pino from "pino";
import { connect } from "../../src/db/connect";
import { createMailer } from "../../src/mail/mailer";
import type { RetryPolicy } from "../../src/notifications/mail-queue.service";
import { startMailQueueWorker } from "../../src/notifications/mail-queue-worker";

const [url, smtpUrl, policyJson] = process.argv.slice(2);
if (!url || !smtpUrl || !policyJson || !process.send) {
  throw new Error("mail-worker-process: start me through startMailWorkers");
}
const logger = pino({ level: "silent" });
const db = connect(url);
const mailer = createMailer({ smtpUrl, from: "test@localhost", outboxDir: "", logger });
const worker = startMailQueueWorker({
  db: db.kysely,
  mailer,
  logger,
  intervalMs: 10,
  policy: JSON.parse(policyJson) as RetryPolicy,
});
process.on("message", async (message: { stop: true }) => {
  if (!message.stop) return;
  await worker.stop();
  mailer.close();
  await db.close();
  process.disconnect();
});
process.send({ ready: true });
