import { describe, expect, it } from "vitest";
import { declaredSchema } from "./declared-schema";

const SOURCE = `
import type { ColumnType, Generated } from "kysely";
export interface ThingsTable {
  id: Generated<number>;
  name: string;
  /** a comment */
  note: string | null;
  seen: Generated<string | null>;
  score: ColumnType<number | null, number, number>;
  kind: ColumnType<string, string | null, string>;
  flag: (number | null);
}
export type OthersTable = { key: string; "quoted": number | null };
export interface Database {
  things: ThingsTable;
  others: OthersTable;
}
export type ThingRow = Selectable<ThingsTable>;
`;

describe("declaredSchema", () => {
  it("maps each table of Database to its columns and whether each may be NULL", () => {
    const schema = declaredSchema(SOURCE);
    expect([...schema.keys()]).toEqual(["things", "others"]);
    expect(Object.fromEntries(schema.get("things") ?? [])).toEqual({
      id: false,
      name: false,
      note: true,
      seen: true,
      // ColumnType: the type as read (its first argument) decides.
      score: true,
      kind: false,
      flag: true,
    });
    expect(Object.fromEntries(schema.get("others") ?? [])).toEqual({ key: false, quoted: true });
  });

  it("refuses what it cannot read rather than guess", () => {
    expect(() => declaredSchema("export interface X { a: string }")).toThrow(
      /no interface Database/,
    );
    expect(() => declaredSchema("export interface Database { t: Missing }")).toThrow(
      /no interface Missing/,
    );
    expect(() =>
      declaredSchema("interface T { a?: string } export interface Database { t: T }"),
    ).toThrow(/optional/);
  });

  it("reads the real src/db/schema.ts", async () => {
    const { readFileSync } = await import("node:fs");
    const schema = declaredSchema(readFileSync("src/db/schema.ts", "utf8"));
    expect(schema.get("users")?.get("email")).toBe(true);
    expect(schema.get("users")?.get("id")).toBe(false);
    expect(schema.get("papers")?.get("year")).toBe(true);
  });
});
