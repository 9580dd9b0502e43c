// The rows of a MySQL dump, streamed: `INSERT INTO t [(cols)] VALUES (…),(…);` statements give
// rows, `CREATE TABLE` statements give the column order of INSERTs without a column list, and
// every other statement (SET, LOCK, DROP, comments) is skipped. Memory is bounded by the limits
// whatever the file: one field, one row and one table's column list are held at most. A
// broken row is reported and skipped: reading resumes at the next row of the same statement.

import { MysqlLexer, type Token } from "./mysql-lexer";

/** A field: NULL, a number, or a string's bytes (decoded by the caller). */
export type SqlValue = null | number | Buffer;

export type DumpEvent =
  | {
      kind: "row";
      table: string;
      columns: readonly string[] | null;
      values: SqlValue[];
      line: number;
    }
  | { kind: "bad"; table: string | null; line: number; message: string };

export interface DumpLimits {
  maxFieldBytes: number;
  maxRowBytes: number;
  maxColumns: number;
}

enum P {
  Statement,
  Skip,
  InsertTable,
  AfterTable,
  Columns,
  AfterColumns,
  RowOpen,
  Value,
  AfterValue,
  RowEnd,
  Recover,
  RecoverClose,
  RecoverComma,
  CreateWhat,
  CreateTable,
  CreateOpen,
  Definition,
  DefinitionBody,
}

const INSERT_MODIFIERS = new Set(["into", "ignore", "low_priority", "delayed", "high_priority"]);
const NOT_COLUMNS = new Set([
  "primary",
  "key",
  "unique",
  "index",
  "constraint",
  "fulltext",
  "spatial",
  "foreign",
  "check",
]);
/** Column lists learnt from CREATE TABLE; a dump of more tables than this forgets the oldest. */
const MAX_TABLES = 1000;

class DumpParser {
  private state = P.Statement;
  private table: string | null = null;
  private columns: string[] | null = null;
  private values: SqlValue[] = [];
  private rowBytes = 0;
  private rowProblem: string | null = null;
  private negate = false;
  private depth = 0;
  private rowLine = 0;
  private readonly created = new Map<string, string[]>();

  constructor(
    private readonly limits: DumpLimits,
    private readonly out: DumpEvent[],
  ) {}

  token(tok: Token): void {
    const word = tok.t === "word" ? tok.v.toLowerCase() : null;
    const punct = tok.t === "punct" ? tok.v : null;
    if (tok.t === "eof") {
      this.finish(tok.line);
      return;
    }
    switch (this.state) {
      case P.Statement:
        if (word === "insert" || word === "replace") this.state = P.InsertTable;
        else if (word === "create") this.state = P.CreateWhat;
        else if (punct !== ";") this.state = P.Skip;
        return;
      case P.Skip:
        if (punct === ";") this.state = P.Statement;
        return;
      case P.InsertTable:
        if (word !== null && INSERT_MODIFIERS.has(word)) return;
        if (tok.t === "ident" || tok.t === "word") {
          this.table = tok.v.toLowerCase();
          this.columns = null;
          this.state = P.AfterTable;
        } else this.broken(tok, "no table name after INSERT");
        return;
      case P.AfterTable:
        if (punct === ".")
          this.state = P.InsertTable; // `db`.`table`: the table comes next
        else if (punct === "(") {
          this.columns = [];
          this.state = P.Columns;
        } else if (word === "values" || word === "value") this.state = P.RowOpen;
        else this.broken(tok, "expected VALUES");
        return;
      case P.Columns:
        if (tok.t === "ident" || tok.t === "word") {
          if ((this.columns as string[]).length >= this.limits.maxColumns) {
            this.broken(tok, `more than ${this.limits.maxColumns} columns`);
            return;
          }
          (this.columns as string[]).push(tok.v.toLowerCase());
        } else if (punct === ")") this.state = P.AfterColumns;
        else if (punct !== ",") this.broken(tok, "bad column list");
        return;
      case P.AfterColumns:
        if (word === "values" || word === "value") this.state = P.RowOpen;
        else this.broken(tok, "expected VALUES");
        return;
      case P.RowOpen:
        if (punct === "(") this.startRow(tok.line);
        else this.broken(tok, "expected ( before a row");
        return;
      case P.Value: {
        this.value(tok, word, punct);
        return;
      }
      case P.AfterValue:
        if (punct === ",") this.state = P.Value;
        else if (punct === ")") this.endRow();
        else this.rowBroken(tok, "expected , or ) after a value");
        return;
      case P.RowEnd:
        if (punct === ",") this.state = P.RowOpen;
        else if (punct === ";") this.state = P.Statement;
        // ON DUPLICATE KEY UPDATE …: nothing more to read in this statement.
        else if (word === "on") this.state = P.Skip;
        else this.broken(tok, "expected , or ; after a row");
        return;
      case P.Recover:
        if (punct === ";") this.state = P.Statement;
        else if (punct === ")") this.state = P.RecoverClose;
        return;
      case P.RecoverClose:
        if (punct === ",") this.state = P.RecoverComma;
        else if (punct === ";") this.state = P.Statement;
        else if (punct !== ")") this.state = P.Recover;
        return;
      case P.RecoverComma:
        if (punct === "(") this.startRow(tok.line);
        else this.state = punct === ";" ? P.Statement : P.Recover;
        return;
      case P.CreateWhat:
        this.state = word === "table" ? P.CreateTable : P.Skip;
        if (punct === ";") this.state = P.Statement;
        return;
      case P.CreateTable:
        if (word === "if" || word === "not" || word === "exists") return;
        if (tok.t === "ident" || tok.t === "word") {
          this.table = tok.v.toLowerCase();
          this.state = P.CreateOpen;
        } else this.state = punct === ";" ? P.Statement : P.Skip;
        return;
      case P.CreateOpen:
        if (punct === ".") this.state = P.CreateTable;
        else if (punct === "(") {
          this.columns = [];
          this.depth = 1;
          this.state = P.Definition;
        } else this.state = punct === ";" ? P.Statement : P.Skip;
        return;
      case P.Definition:
        if (tok.t === "ident" || (tok.t === "word" && !NOT_COLUMNS.has(tok.v.toLowerCase()))) {
          const cols = this.columns as string[];
          if (cols.length < this.limits.maxColumns) cols.push(tok.v.toLowerCase());
        }
        this.state = P.DefinitionBody;
        {
          this.definitionBody(punct);
          return;
        }
      case P.DefinitionBody: {
        this.definitionBody(punct);
        return;
      }
    }
  }

  private value(tok: Token, word: string | null, punct: string | null): void {
    if (punct === ")" && this.values.length === 0 && !this.negate) {
      this.endRow();
      return;
    }
    if (punct === "-" || punct === "+") {
      this.negate = punct === "-" ? !this.negate : this.negate;
      return;
    }
    // A charset introducer (_binary, _latin1, _utf8mb4) before a string changes nothing here.
    if (word?.startsWith("_")) return;
    let v: SqlValue;
    if (tok.t === "str") {
      if (tok.v === null) {
        this.rowProblem ??= `a field longer than ${this.limits.maxFieldBytes} bytes`;
        v = null;
      } else v = tok.v;
    } else if (tok.t === "num") {
      const text = tok.v.toLowerCase();
      if (text.startsWith("0x") && /^0x[0-9a-f]*$/.test(text) && text.length % 2 === 0) {
        v = Buffer.from(text.slice(2), "hex");
      } else {
        const n = Number(text);
        if (!Number.isFinite(n)) {
          this.rowBroken(tok, `bad number ${text.slice(0, 40)}`);
          return;
        }
        v = this.negate ? -n : n;
      }
    } else if (word === "null") v = null;
    else if (word === "true" || word === "false") v = word === "true" ? 1 : 0;
    else {
      this.rowBroken(tok, "expected a value");
      return;
    }
    this.negate = false;
    this.rowBytes += 8 + (v instanceof Buffer ? v.length : 0);
    if (this.rowBytes > this.limits.maxRowBytes) {
      this.rowProblem ??= `a row longer than ${this.limits.maxRowBytes} bytes`;
      this.values = [];
    } else if (this.values.length >= this.limits.maxColumns) {
      this.rowProblem ??= `more than ${this.limits.maxColumns} values`;
    } else if (this.rowProblem === null) this.values.push(v);
    this.state = P.AfterValue;
  }

  private definitionBody(punct: string | null): void {
    if (punct === "(") this.depth++;
    else if (punct === ")" && --this.depth === 0) {
      this.remember();
      this.state = P.Skip;
    } else if (punct === "," && this.depth === 1) this.state = P.Definition;
    else if (punct === ";") {
      this.remember();
      this.state = P.Statement;
    }
  }

  private remember(): void {
    if (!this.table || !this.columns) return;
    if (this.created.size >= MAX_TABLES) this.created.clear();
    this.created.set(this.table, this.columns);
    this.columns = null;
  }

  private startRow(line: number): void {
    this.values = [];
    this.rowBytes = 0;
    this.rowProblem = null;
    this.negate = false;
    this.rowLine = line;
    this.state = P.Value;
  }

  private endRow(): void {
    const table = this.table as string;
    if (this.rowProblem !== null) this.bad(this.rowLine, this.rowProblem);
    else {
      this.out.push({
        kind: "row",
        table,
        columns: this.columns ?? this.created.get(table) ?? null,
        values: this.values,
        line: this.rowLine,
      });
    }
    this.values = [];
    this.state = P.RowEnd;
  }

  /** A broken row: counted, then reading resumes at the next `),(` or `;`. */
  private rowBroken(tok: Token, message: string): void {
    this.bad(this.rowLine || tok.line, message);
    this.values = [];
    this.state = tok.t === "punct" && tok.v === ";" ? P.Statement : P.Recover;
  }

  /** A broken statement: counted as one bad row, and skipped to its end. */
  private broken(tok: Token, message: string): void {
    this.bad(tok.line, message);
    this.state = tok.t === "punct" && tok.v === ";" ? P.Statement : P.Skip;
  }

  private bad(line: number, message: string): void {
    this.out.push({ kind: "bad", table: this.table, line, message });
  }

  private finish(line: number): void {
    const inRow = this.state === P.Value || this.state === P.AfterValue;
    const inInsert =
      this.state === P.InsertTable ||
      this.state === P.AfterTable ||
      this.state === P.Columns ||
      this.state === P.AfterColumns ||
      this.state === P.RowOpen;
    if (inRow) this.bad(this.rowLine, "the file ends inside a row");
    else if (inInsert) this.bad(line, "the file ends inside an INSERT statement");
    this.state = P.Statement;
  }
}

/** The rows of a dump, a chunk's worth at a time (one await per chunk, not per row). */
export async function* readDump(
  input: AsyncIterable<Buffer>,
  limits: DumpLimits,
): AsyncGenerator<DumpEvent[]> {
  const events: DumpEvent[] = [];
  const parser = new DumpParser(limits, events);
  const lexer = new MysqlLexer(limits.maxFieldBytes, (t) => parser.token(t));
  for await (const chunk of input) {
    lexer.push(chunk);
    if (events.length > 0) {
      yield events;
      events.length = 0;
    }
  }
  lexer.end();
  if (events.length > 0) yield events;
}
