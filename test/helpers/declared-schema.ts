// Reads the hand-written Kysely types of src/db/schema.ts (with the TypeScript 5 compiler API,
// as text: nothing is type-checked) into table → column → nullable, for the drift check
// against what the migrations create (test/integration/schema-drift.test.ts).

import ts from "typescript5";

/** table → column → whether it may hold NULL. */
export type DeclaredSchema = Map<string, Map<string, boolean>>;

/** Kysely's wrappers whose first type argument is the column's type as read. */
const WRAPPERS = new Set(["Generated", "GeneratedAlways", "ColumnType"]);

export function declaredSchema(source: string, fileName = "schema.ts"): DeclaredSchema {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const types = new Map<string, ts.NodeArray<ts.TypeElement>>();
  for (const statement of file.statements) {
    if (ts.isInterfaceDeclaration(statement)) {
      types.set(statement.name.text, statement.members);
    } else if (ts.isTypeAliasDeclaration(statement) && ts.isTypeLiteralNode(statement.type)) {
      types.set(statement.name.text, statement.type.members);
    }
  }
  const database = types.get("Database");
  if (!database) throw new Error(`${fileName}: no interface Database`);
  const schema: DeclaredSchema = new Map();
  for (const [table, type] of properties(database, "Database")) {
    if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) {
      throw new Error(`${fileName}: Database.${table} is not a named row type`);
    }
    const members = types.get(type.typeName.text);
    if (!members) throw new Error(`${fileName}: no interface ${type.typeName.text}`);
    schema.set(
      table,
      new Map(
        [...properties(members, type.typeName.text)].map(([column, t]) => [column, nullable(t)]),
      ),
    );
  }
  return schema;
}

function* properties(
  members: ts.NodeArray<ts.TypeElement>,
  owner: string,
): Generator<[string, ts.TypeNode]> {
  for (const member of members) {
    if (!ts.isPropertySignature(member) || !member.type) {
      throw new Error(`${owner}: only plain properties are read (${member.getText()})`);
    }
    const name = member.name;
    if (!ts.isIdentifier(name) && !ts.isStringLiteral(name)) {
      throw new Error(`${owner}: a computed property name (${name.getText()})`);
    }
    // An optional property reads as undefined, not NULL: Kysely has no such column type.
    if (member.questionToken) throw new Error(`${owner}.${name.text}: optional property`);
    yield [name.text, member.type];
  }
}

/** Whether the type, once Kysely's wrappers are taken off, includes `null`. */
function nullable(type: ts.TypeNode): boolean {
  if (ts.isParenthesizedTypeNode(type)) return nullable(type.type);
  if (ts.isUnionTypeNode(type)) return type.types.some(nullable);
  if (ts.isLiteralTypeNode(type)) return type.literal.kind === ts.SyntaxKind.NullKeyword;
  if (
    ts.isTypeReferenceNode(type) &&
    ts.isIdentifier(type.typeName) &&
    WRAPPERS.has(type.typeName.text)
  ) {
    const read = type.typeArguments?.[0];
    if (!read) throw new Error(`${type.getText()}: no type argument`);
    return nullable(read);
  }
  return false;
}
