import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isValidOrcid } from "../../src/auth/account-rules";
import { voteOnSummary } from "../../src/votes/votes.service";
import { createClient } from "../helpers/client";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const loggedIn = () => logInNewAccount(t);
const userRow = (id: number) =>
  t.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("ORCID iD", () => {
  it.each([
    ["0000-0002-1825-0097", true],
    ["0000-0001-5109-3700", true],
    ["0000-0002-1694-233X", true],
    ["0000-0002-1825-0098", false],
    ["0000-0002-1694-2339", false],
    ["0000-0002-1825-009", false],
    ["x000-0002-1825-0097", false],
  ])("%s valid: %s", (orcid, valid) => {
    expect(isValidOrcid(orcid)).toBe(valid);
  });
});

describe("settings", () => {
  it("saves display name, Markdown bio, ORCID iD (URL or bare) and the comment-mail switch", async () => {
    const { acct, client } = await loggedIn();
    const res = await client.submit("/settings", "/settings/profile", {
      displayName: "  Dr.  Ada   Example ",
      bio: "Works on *sampling*, $\\pi(x)$.",
      orcid: "https://orcid.org/0000-0002-1694-233x",
    });
    expect(res.status).toBe(303);
    const row = await userRow(acct.id);
    expect(row.display_name).toBe("Dr. Ada Example");
    expect(row.orcid).toBe("0000-0002-1694-233X");
    expect(row.notify_comments).toBe(0);
    expect(row.bio_html).toContain("<em>sampling</em>");
    expect(row.bio_html).toContain('class="katex"');
    const profile = await t.html(`/user/${acct.username}`);
    expect(profile).toContain("Dr. Ada Example");
    expect(profile).toContain('href="https://orcid.org/0000-0002-1694-233X"');
  });

  it("refuses an ORCID iD with a wrong checksum and an empty display name, saving nothing", async () => {
    const { acct, client } = await loggedIn();
    const before = await userRow(acct.id);
    const bad = await client.submit("/settings", "/settings/profile", {
      displayName: "New",
      bio: "",
      orcid: "0000-0002-1825-0098",
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("not a valid ORCID iD");
    const empty = await client.submit("/settings", "/settings/profile", {
      displayName: "   ",
      bio: "",
      orcid: "",
    });
    expect(empty.status).toBe(400);
    const after = await userRow(acct.id);
    expect(after.display_name).toBe(before.display_name);
    expect(after.orcid).toBe(before.orcid);
  });

  it("shows a refused form again with what was typed, never a password, and saves nothing", async () => {
    const { acct, client } = await loggedIn();
    const before = await userRow(acct.id);
    // The stored values differ from the typed ones, so showing the stored ones would fail.
    const bad = await client.submit("/settings", "/settings/profile", {
      displayName: "Typed Name Ü",
      bio: "My *typed* bio with <b>tags</b> & $x$.",
      orcid: "0000-0002-1825-0098",
      notifyComments: "1",
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("not a valid ORCID iD");
    expect(html).toContain('name="displayName" type="text" value="Typed Name Ü"');
    expect(html).toContain("My *typed* bio with &lt;b&gt;tags&lt;/b&gt; &amp; $x$.</textarea>");
    expect(html).toContain('value="0000-0002-1825-0098"');
    expect(html).toMatch(
      /<input id="field-notify" type="checkbox" name="notifyComments" value="1" checked/,
    );
    expect(await userRow(acct.id)).toEqual(before);

    // Unticking the switch is what was typed too (stored: on).
    await t.db.updateTable("users").set({ notify_comments: 1 }).where("id", "=", acct.id).execute();
    const off = await client.submit("/settings", "/settings/profile", {
      displayName: "",
      bio: "",
      orcid: "",
    });
    expect(off.status).toBe(400);
    expect(await off.text()).toMatch(
      /<input id="field-notify" type="checkbox" name="notifyComments" value="1"\/>/,
    );

    const email = await client.submit("/settings", "/settings/email", {
      email: "typed-new@example.org",
      password: "not the password at all",
    });
    expect(email.status).toBe(400);
    const emailHtml = await email.text();
    expect(emailHtml).toContain('name="email" type="email" value="typed-new@example.org"');
    expect(emailHtml).not.toContain("not the password at all");
    expect((await userRow(acct.id)).pending_email).toBeNull();

    const remove = await client.submit("/settings", "/settings/delete", {
      mode: "remove",
      password: "wrong password typed",
    });
    expect(remove.status).toBe(400);
    const removeHtml = await remove.text();
    expect(removeHtml).toMatch(
      /id="delete-remove" type="radio" name="mode" value="remove" checked/,
    );
    expect(removeHtml).not.toMatch(/id="delete-keep" [^>]*checked/);
    expect(removeHtml).not.toContain("wrong password typed");
    expect(await userRow(acct.id)).toBeDefined();
  });

  it("changes the e-mail only with the current password, and only once the new address is confirmed", async () => {
    const { acct, client } = await loggedIn();
    expect(await (await client.get("/settings")).text()).toMatch(
      /action="\/settings\/email"(?:(?!<\/form>)[\s\S])*name="password"/,
    );
    for (const password of ["", "not the password"]) {
      const refused = await client.submit("/settings", "/settings/email", {
        email: "new-address@example.org",
        password,
      });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain("current password is not right");
      expect((await userRow(acct.id)).pending_email).toBeNull();
    }
    const before = smtp.mails.length;
    const res = await client.submit("/settings", "/settings/email", {
      email: "new-address@example.org",
      password: acct.password,
    });
    expect(res.status).toBe(303);
    let row = await userRow(acct.id);
    expect(row.email).toBe(acct.email);
    expect(row.pending_email).toBe("new-address@example.org");
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail?.to).toEqual(["new-address@example.org"]);
    const link = smtp.linksIn(mail ?? ({} as never)).find((l) => l.includes("/verify/")) ?? "";
    const path = new URL(link).pathname;
    await client.get(path);
    expect((await client.post(path, {})).status).toBe(200);
    row = await userRow(acct.id);
    expect(row.email).toBe("new-address@example.org");
    expect(row.email_key).toBe("new-address@example.org");
    expect(row.pending_email).toBeNull();
  });

  it("deletes an account keeping its summaries as by a deleted user", async () => {
    const { acct, client } = await loggedIn();
    const paper = await makePaper(t.db);
    const summaryId = await makeSummary(t.db, paper.id, acct.id, {
      source: "Kept after deletion.",
    });
    const wrong = await client.submit("/settings", "/settings/delete", {
      mode: "keep",
      password: "not the password",
    });
    expect(wrong.status).toBe(400);
    const res = await client.submit("/settings", "/settings/delete", {
      mode: "keep",
      password: acct.password,
    });
    expect(res.status).toBe(303);
    const row = await userRow(acct.id);
    expect(row.deleted_at).not.toBeNull();
    expect(row.email).toBeNull();
    expect(row.password_hash).toBeNull();
    const html = await t.html(`/summary/${summaryId}`);
    expect(html).toContain("Kept after deletion.");
    expect(html).toContain("Deleted user");
    expect(html).not.toContain(acct.username);
    expect(
      (
        await createClient(t).submit("/login", "/login", {
          login: acct.email,
          password: acct.password,
        })
      ).status,
    ).toBe(400);
  });

  it("deletes an account with everything it wrote, and recounts the scores it voted on", async () => {
    const { acct, client } = await loggedIn();
    const other = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const mine = await makeSummary(t.db, paper.id, acct.id, { source: "Removed with me." });
    const theirs = await makeSummary(t.db, paper.id, other.id);
    await voteOnSummary(t.db, { summaryId: theirs, userId: acct.id, value: 1 });
    const res = await client.submit("/settings", "/settings/delete", {
      mode: "remove",
      password: acct.password,
    });
    expect(res.status).toBe(303);
    expect(await t.db.selectFrom("users").select("id").where("id", "=", acct.id).execute()).toEqual(
      [],
    );
    expect(
      await t.db.selectFrom("summaries").select("id").where("id", "=", mine).execute(),
    ).toEqual([]);
    const score = await t.db
      .selectFrom("summaries")
      .select("score")
      .where("id", "=", theirs)
      .executeTakeFirstOrThrow();
    expect(score.score).toBe(0);
  });
});
