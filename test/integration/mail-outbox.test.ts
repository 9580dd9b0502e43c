import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { createMailer } from "../../src/mail/mailer";

const dir = mkdtempSync(join(tmpdir(), "shortscience-outbox-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mail without SMTP", () => {
  it("writes each mail to the outbox as an .eml file and logs its links", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (l: string) => lines.push(l) });
    const mailer = createMailer({
      smtpUrl: null,
      from: "ShortScience <no-reply@example.org>",
      outboxDir: dir,
      logger,
    });
    await mailer.send({
      to: "reader@example.org",
      subject: "Hello",
      text: "Open https://example.org/verify/abc123 please.",
    });
    const files = readdirSync(dir).filter((f) => f.endsWith(".eml"));
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(dir, files[0] ?? ""), "utf8");
    expect(eml).toMatch(/^To: reader@example\.org$/m);
    expect(eml).toMatch(/^Subject: Hello$/m);
    expect(eml).toContain("https://example.org/verify/abc123");
    const logged = lines.map((l) => JSON.parse(l) as { links?: string[] });
    expect(logged.some((l) => l.links?.includes("https://example.org/verify/abc123"))).toBe(true);
    mailer.close();
  });
});
