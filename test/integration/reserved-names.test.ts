import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isReservedUsername } from "../../src/auth/account-rules";
import { usernameBase } from "../../src/auth/oidc-accounts.service";
import { nowIso } from "../../src/core/time";
import { insertUser } from "../../src/users/users.repo";
import { createClient } from "../helpers/client";
import { makeAccount, makePaper, makeSummary } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const usersNamed = (name: string) =>
  t.db.selectFrom("users").select("id").where("username_key", "=", name.toLowerCase()).execute();

describe("reserved usernames", () => {
  it.each([
    "deleted-23",
    "Deleted_7",
    "DELETED",
    "admin",
    "Moderator",
    "api",
    "anonymous",
    "System",
    "root",
    "support",
    "ShortScience",
    "no_reply",
  ])("refuses signing up as %s", async (username) => {
    const res = await createClient(t).submit("/signup", "/signup", {
      username,
      email: `${username.toLowerCase()}@example.org`,
      password: "a fine long password",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("That username is reserved");
    expect(await usersNamed(username)).toEqual([]);
  });

  it("leaves ordinary names that merely contain a reserved word alone", async () => {
    for (const name of ["administrative_law", "rooted", "supportive", "api_fan", "undeleted"]) {
      expect(isReservedUsername(name)).toBe(false);
    }
    const res = await createClient(t).submit("/signup", "/signup", {
      username: "rooted",
      email: "rooted@example.org",
      password: "a fine long password",
    });
    expect(res.status).toBe(303);
    expect(await usersNamed("rooted")).toHaveLength(1);
  });

  it("are never what the ORCID username generator makes", () => {
    for (const name of ["Admin", "Deleted User", "deleted 23", "Support", "No Reply", "Root"]) {
      const base = usernameBase({ name, orcid: "0000-0002-1825-0097", subject: "s" });
      expect(isReservedUsername(base)).toBe(false);
      expect(base).toBe("orcid-0097");
    }
    expect(usernameBase({ name: "Ada Admin", orcid: null, subject: "s" })).toBe("Ada-Admin");
  });
});

describe("deleting an account that keeps its summaries", () => {
  async function deleteKeeping(acct: Awaited<ReturnType<typeof makeAccount>>) {
    const client = createClient(t);
    await client.submit("/login", "/login", { login: acct.username, password: acct.password });
    return client.submit("/settings", "/settings/delete", {
      mode: "keep",
      password: acct.password,
    });
  }

  it("succeeds even when another row already has the name deleted-<id>", async () => {
    const acct = await makeAccount(t.db);
    const paper = await makePaper(t.db);
    const summaryId = await makeSummary(t.db, paper.id, acct.id, {
      source: "Kept through a clash.",
    });
    // A row from before names were reserved (an import, an old sign-up) holds the name.
    const squatter = await insertUser(t.db, {
      username: `deleted-${acct.id}`,
      displayName: "Squatter",
      bio: "",
      bioHtml: "",
      orcid: null,
      email: null,
      createdAt: nowIso(),
    });
    const res = await deleteKeeping(acct);
    expect(res.status).toBe(303);
    const rows = await t.db
      .selectFrom("users")
      .select(["id", "username", "username_key", "deleted_at", "display_name"])
      .where("id", "in", [acct.id, squatter])
      .orderBy("id")
      .execute();
    const [deleted, untouched] = acct.id < squatter ? rows : [rows[1], rows[0]];
    expect(deleted?.deleted_at).not.toBeNull();
    expect(deleted?.username).toMatch(new RegExp(`^deleted-${acct.id}-[A-Za-z0-9_-]+$`));
    expect(deleted?.username_key).toBe(deleted?.username.toLowerCase());
    expect(untouched).toMatchObject({ username: `deleted-${acct.id}`, display_name: "Squatter" });
    const html = await t.html(`/summary/${summaryId}`);
    expect(html).toContain("Kept through a clash.");
    expect(html).toContain("Deleted user");
  });

  it("is named deleted-<id> when nothing clashes", async () => {
    const acct = await makeAccount(t.db);
    expect((await deleteKeeping(acct)).status).toBe(303);
    expect(await usersNamed(`deleted-${acct.id}`)).toEqual([{ id: acct.id }]);
  });
});
