import { createClient, type TestClient } from "./client";
import type { TestSmtp } from "./smtp";
import type { TestApp } from "./test-app";

// Sign-up as a browser does it, and the confirmation links it mails (signup-*.test.ts).

export const SIGNUP_PASSWORD = "a fine long password";

export function signUpFlow(app: () => TestApp, smtp: () => TestSmtp) {
  const q = encodeURIComponent;

  /** Signs up from a new browser; returns it, logged in (or refused, by the status). */
  async function signUp(username: string, email: string, next?: string) {
    const client = createClient(app());
    const action = next ? `/signup?next=${q(next)}` : "/signup";
    const res = await client.submit(action, action, {
      username,
      email,
      password: SIGNUP_PASSWORD,
    });
    return { client, res };
  }

  /** The mails to `address`, once `count` have arrived. */
  async function mailsTo(address: string, count: number) {
    for (;;) {
      const to = smtp().mails.filter((m) => m.to.includes(address));
      if (to.length >= count) return to;
      await smtp().waitFor(smtp().mails.length + 1);
    }
  }

  /** The path (with its query) of the `count`th confirmation link mailed to `address`. */
  async function linkTo(address: string, count = 1): Promise<string> {
    const mail = (await mailsTo(address, count))[count - 1];
    const links = smtp().linksIn(mail as never);
    const link = new URL(links.find((l) => l.includes("/verify/")) ?? "");
    return `${link.pathname}${link.search}`;
  }

  /** Opens the link's page (for its form token), then presses the button. */
  async function confirm(client: TestClient, path: string) {
    await client.get(path);
    return client.post(path, {});
  }

  const userRow = (username: string) =>
    app()
      .db.selectFrom("users")
      .selectAll()
      .where("username_key", "=", username.toLowerCase())
      .executeTakeFirst();

  /** Who a browser is logged in as, from the header's profile link (null: nobody). */
  async function whoIs(client: TestClient): Promise<string | null> {
    const html = await (await client.get("/settings")).text();
    return /href="\/user\/([^"]+)"/.exec(html)?.[1] ?? null;
  }

  return { signUp, mailsTo, linkTo, confirm, userRow, whoIs };
}
