import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import nodemailer from "nodemailer";
import type { Logger } from "pino";
import { SMTP_TIMEOUT_MS } from "../core/limits";
import type { Mailer } from "../core/mailer";

/**
 * SMTP when SMTP_URL is set. Without it, each mail becomes an .eml file in the outbox folder
 * and its links are logged, so a fresh `npm start` can sign up and reset passwords.
 */
export function createMailer(opts: {
  smtpUrl: string | null;
  from: string;
  outboxDir: string;
  logger: Logger;
}): Mailer {
  if (opts.smtpUrl) {
    // Bounded phases: the mail queue's claim on a mail (MAIL_CLAIM_LEASE_MS) must outlast a send.
    const transport = nodemailer.createTransport({
      url: opts.smtpUrl,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    return {
      async send(mail) {
        await transport.sendMail({ from: opts.from, ...mail });
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: "unix",
  });
  const dir = resolve(opts.outboxDir);
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: opts.from, ...mail });
      await mkdir(dir, { recursive: true });
      const file = join(
        dir,
        `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}.eml`,
      );
      await writeFile(file, info.message as Buffer);
      const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
      opts.logger.info(
        { to: mail.to, subject: mail.subject, file, links },
        "mail written to the outbox (no SMTP_URL)",
      );
    },
    close: () => transport.close(),
  };
}
