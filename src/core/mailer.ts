/** How features send mail; mail/mailer.ts implements it (SMTP, or .eml files in the outbox). */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Extra headers (the notification mails' RFC 8058 List-Unsubscribe pair). */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}
