// The tokens of a MySQL dump (mysqldump's output, or any file of INSERT statements), read byte
// by byte across chunk boundaries. Strings stay bytes: the original site stored UTF-8 in
// latin1 columns, so only the caller knows how to decode them (legacy-text.ts). A string
// longer than the field limit is not kept: its token says so, and its bytes are skipped.

export type Token =
  | { t: "word"; v: string; line: number }
  | { t: "ident"; v: string; line: number }
  | { t: "str"; v: Buffer | null; line: number }
  | { t: "num"; v: string; line: number }
  | { t: "punct"; v: string; line: number }
  | { t: "eof"; line: number };

enum S {
  Top,
  Word,
  Ident,
  Str,
  StrEsc,
  StrQuote,
  Num,
  LineComment,
  BlockComment,
  BlockStar,
  Dash,
  Slash,
}

const NL = 10;
const BACKSLASH = 92;
const BACKTICK = 96;
/** MySQL's escapes; any other `\x` is `x`. `\%` and `\_` keep their backslash. */
const ESCAPES = new Map<number, number[]>([
  [48, [0]], // \0
  [98, [8]], // \b
  [110, [10]], // \n
  [114, [13]], // \r
  [116, [9]], // \t
  [90, [26]], // \Z
  [37, [92, 37]], // \%
  [95, [92, 95]], // \_
]);

const isWordByte = (b: number) =>
  (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b === 95 || b === 36;
const isDigit = (b: number) => b >= 48 && b <= 57;
const isSpace = (b: number) => b === 32 || b === 9 || b === 10 || b === 13 || b === 12;

/** Words, identifiers and numbers are short; anything longer is cut here (and never matches). */
const MAX_NAME_BYTES = 256;

export class MysqlLexer {
  private state = S.Top;
  private buf: Buffer;
  private len = 0;
  private tooLong = false;
  private quote = 0;
  private line = 1;
  private tokenLine = 1;

  constructor(
    private readonly maxFieldBytes: number,
    private readonly emit: (token: Token) => void,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(4096, maxFieldBytes + 1));
  }

  push(chunk: Buffer): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (b === NL) this.line++;
      // A string's plain run is copied at once: most of a dump's bytes are inside strings.
      if (this.state === S.Str && b !== BACKSLASH && b !== this.quote) {
        let end = i + 1;
        while (end < chunk.length) {
          const c = chunk[end] as number;
          if (c === BACKSLASH || c === this.quote) break;
          if (c === NL) this.line++;
          end++;
        }
        this.append(chunk, i, end);
        i = end - 1;
        continue;
      }
      this.step(b);
    }
  }

  end(): void {
    // A string or word cut off by the end of the file is still handed over: the parser then
    // sees a statement that never ended.
    if (this.state === S.StrQuote) this.finishString();
    else if (this.state === S.Word) this.emitName("word");
    else if (this.state === S.Num) this.emitName("num");
    else if (this.state === S.Dash) this.emit({ t: "punct", v: "-", line: this.line });
    else if (this.state === S.Slash) this.emit({ t: "punct", v: "/", line: this.line });
    this.state = S.Top;
    this.emit({ t: "eof", line: this.line });
  }

  private step(b: number): void {
    switch (this.state) {
      case S.Top: {
        this.top(b);
        return;
      }
      case S.Word:
        if (isWordByte(b)) {
          this.appendByte(b);
          return;
        }
        this.emitName("word");
        {
          this.top(b);
          return;
        }
      case S.Num:
        // Digits, a decimal point, an exponent and its sign, hex digits after 0x.
        if (isWordByte(b) || b === 46 || ((b === 43 || b === 45) && this.lastIsExponent())) {
          this.appendByte(b);
          return;
        }
        this.emitName("num");
        {
          this.top(b);
          return;
        }
      case S.Ident:
        if (b === BACKTICK) {
          this.state = S.StrQuote;
          return;
        }
        {
          this.appendByte(b);
          return;
        }
      case S.Str:
        if (b === BACKSLASH) this.state = S.StrEsc;
        else if (b === this.quote) this.state = S.StrQuote;
        else this.appendByte(b);
        return;
      case S.StrEsc:
        for (const e of ESCAPES.get(b) ?? [b]) this.appendByte(e);
        this.state = S.Str;
        return;
      case S.StrQuote:
        // A doubled quote is one quote character; anything else ends the string.
        if (b === this.quote) {
          this.state = this.quote === BACKTICK ? S.Ident : S.Str;
          this.appendByte(b);
          return;
        }
        this.finishString();
        {
          this.top(b);
          return;
        }
      case S.LineComment:
        if (b === NL) this.state = S.Top;
        return;
      case S.BlockComment:
        if (b === 42) this.state = S.BlockStar;
        return;
      case S.BlockStar:
        if (b === 47) this.state = S.Top;
        else if (b !== 42) this.state = S.BlockComment;
        return;
      case S.Dash:
        if (b === 45) {
          this.state = S.LineComment;
          return;
        }
        this.state = S.Top;
        this.emit({ t: "punct", v: "-", line: this.line });
        {
          this.top(b);
          return;
        }
      case S.Slash:
        if (b === 42) {
          this.state = S.BlockComment;
          return;
        }
        this.state = S.Top;
        this.emit({ t: "punct", v: "/", line: this.line });
        {
          this.top(b);
          return;
        }
    }
  }

  private top(b: number): void {
    if (isSpace(b)) return;
    this.tokenLine = this.line;
    this.len = 0;
    this.tooLong = false;
    if (b === 39 || b === 34 || b === BACKTICK) {
      this.quote = b;
      this.state = b === BACKTICK ? S.Ident : S.Str;
    } else if (isDigit(b)) {
      this.state = S.Num;
      this.appendByte(b);
    } else if (isWordByte(b)) {
      this.state = S.Word;
      this.appendByte(b);
    } else if (b === 35) this.state = S.LineComment;
    else if (b === 45) this.state = S.Dash;
    else if (b === 47) this.state = S.Slash;
    else this.emit({ t: "punct", v: String.fromCharCode(b), line: this.line });
  }

  private lastIsExponent(): boolean {
    const last = this.buf[this.len - 1];
    return (last === 101 || last === 69) && this.buf[1] !== 120 && this.buf[1] !== 88;
  }

  private limit(): number {
    return this.state === S.Str || this.state === S.StrEsc ? this.maxFieldBytes : MAX_NAME_BYTES;
  }

  private appendByte(b: number): void {
    if (this.tooLong) return;
    if (this.len >= this.limit()) {
      this.tooLong = true;
      return;
    }
    this.ensure(this.len + 1);
    this.buf[this.len++] = b;
  }

  private append(chunk: Buffer, start: number, end: number): void {
    if (this.tooLong) return;
    const n = end - start;
    if (this.len + n > this.maxFieldBytes) {
      this.tooLong = true;
      return;
    }
    this.ensure(this.len + n);
    chunk.copy(this.buf, this.len, start, end);
    this.len += n;
  }

  private ensure(size: number): void {
    if (size <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(
      Math.min(Math.max(size, this.buf.length * 2), this.maxFieldBytes + 1),
    );
    this.buf.copy(grown, 0, 0, this.len);
    this.buf = grown;
  }

  private finishString(): void {
    this.state = S.Top;
    if (this.quote === BACKTICK) {
      this.emitName("ident");
      return;
    }
    const v = this.tooLong ? null : Buffer.from(this.buf.subarray(0, this.len));
    this.emit({ t: "str", v, line: this.tokenLine });
    // A huge string's buffer is let go: memory goes back to its usual size.
    if (this.buf.length > 65536) this.buf = Buffer.allocUnsafe(4096);
  }

  private emitName(t: "word" | "ident" | "num"): void {
    this.state = S.Top;
    this.emit({ t, v: this.buf.toString("utf8", 0, this.len), line: this.tokenLine });
  }
}
