import { describe, expect, it } from "vitest";
import type { UserRow } from "../db/schema";
import { toRole, toUser } from "./users.mapper";

const row = (over: Partial<UserRow> = {}): UserRow => ({
  id: 7,
  username: "Ada",
  username_key: "ada",
  display_name: "Ada Lovelace",
  bio: "*hi*",
  bio_html: "<p><em>hi</em></p>",
  orcid: "0000-0002-1825-0097",
  email: "ada@example.org",
  role: "user",
  created_at: "2026-01-01T00:00:00.000Z",
  password_hash: "$argon2id$v=19$…",
  email_key: "ada@example.org",
  email_verified_at: null,
  pending_email: null,
  banned_at: null,
  deleted_at: null,
  notify_comments: 0,
  ...over,
});

describe("toUser", () => {
  it("decodes an unconfirmed, active account that wants no comment mail", () => {
    expect(toUser(row())).toEqual({
      id: 7,
      username: "Ada",
      displayName: "Ada Lovelace",
      bio: "*hi*",
      bioHtml: "<p><em>hi</em></p>",
      orcid: "0000-0002-1825-0097",
      email: "ada@example.org",
      emailVerified: false,
      pendingEmail: null,
      passwordHash: "$argon2id$v=19$…",
      role: "user",
      banned: false,
      deleted: false,
      commentMail: false,
      createdAt: "2026-01-01T00:00:00.000Z",
    });
  });

  it("turns dates and the 0/1 flag into booleans", () => {
    const u = toUser(
      row({
        email_verified_at: "2026-01-02T00:00:00.000Z",
        banned_at: "2026-01-03T00:00:00.000Z",
        deleted_at: "2026-01-04T00:00:00.000Z",
        notify_comments: 1,
        pending_email: "new@example.org",
        password_hash: null,
      }),
    );
    expect(u).toMatchObject({
      emailVerified: true,
      banned: true,
      deleted: true,
      commentMail: true,
      pendingEmail: "new@example.org",
      passwordHash: null,
    });
  });

  it("never hands out a storage column", () => {
    const keys = Object.keys(toUser(row()));
    for (const column of ["username_key", "email_key", "banned_at", "notify_comments"]) {
      expect(keys).not.toContain(column);
    }
  });
});

describe("toRole", () => {
  it.each([
    ["admin", "admin"],
    ["moderator", "moderator"],
    ["user", "user"],
    // A role this version does not know, or another case, gives no privilege.
    ["superuser", "user"],
    ["Admin", "user"],
    ["", "user"],
  ])("%j → %s", (stored, role) => {
    expect(toRole(stored)).toBe(role);
  });
});
