// A bound on XML text before it reaches the SAX parser. saxes keeps a whole text run, tag,
// comment or CDATA section in one string until it ends, and every open element on a stack:
// a gzip of spaces or a billion-deep nesting would fill the memory before any handler of ours
// could cut it. This filter reads the same characters as a lexer, passes each construct
// through up to its bound, drops the rest, and says what it dropped, in order with the text
// it passed on (so the reader knows which record was being read). Text that needs no cut is
// passed on as slices of the input: the common case costs a scan, not a copy per construct.

export interface XmlBounds {
  /** A run of text, CDATA, a comment or a processing instruction, in characters. */
  maxTextChars: number;
  /** One tag or declaration, `<` to `>`, in characters. */
  maxTagChars: number;
  /** Elements open at once; deeper ones are dropped with their tags. */
  maxDepth: number;
}

export interface XmlSink {
  write(text: string): void;
  /** Something was cut or dropped; `write` has received everything before it. */
  overflow(message: string): void;
}

type State = "text" | "comment" | "cdata" | "pi" | "longTag";

const GT = 62; // >
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const QUOTE = 34;
const APOS = 39;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const ENDS = { comment: "-->", cdata: "]]>", pi: "?>" } as const;
const NAME = /[^\s/>]*/y;
interface TagText {
  text: string;
  from: number;
  to: number;
}

function nameAt(text: string, at: number): string {
  NAME.lastIndex = at;
  return NAME.exec(text)?.[0] ?? "";
}

/** Names of dropped elements remembered, to match their closing tags. */
const DROPPED_NAMES_MAX = 1_000;

export class BoundedXmlFilter {
  private state: State = "text";
  /** Characters of the current text run, comment, CDATA or PI read so far, kept or not. */
  private length = 0;
  private cut = false;
  /** Input held back until the next chunk: a tag not yet ended, or a possible terminator. */
  private carry = "";
  /** A tag past its bound: what was kept of it, and where its scan stands. */
  private long = { head: "", quote: 0, quoteAtCut: 0, brackets: 0, declaration: false };
  /** Names of the elements the parser holds open, and of those dropped past the bound. */
  private readonly open: string[] = [];
  private readonly dropped: string[] = [];
  /** Dropped elements deeper still, whose names are not kept. */
  private droppedUnnamed = 0;
  /** Where in the current input the pass-through slice starts; -1 while dropping. */
  private emitFrom = -1;
  private out: string[] = [];

  constructor(
    private readonly bounds: XmlBounds,
    private readonly sink: XmlSink,
  ) {}

  push(chunk: string): void {
    const s = this.carry + chunk;
    this.carry = "";
    this.emitFrom = this.cut || this.state === "longTag" ? -1 : 0;
    let i = 0;
    while (i < s.length) {
      if (this.state === "text") i = this.readText(s, i);
      else if (this.state === "longTag") i = this.readLongTag(s, i);
      else i = this.readUntilEnd(s, i, this.state);
    }
    this.stopAt(s, s.length - this.carry.length);
    this.flush();
  }

  /** At the end of the input: what was held back goes to the parser as it is. */
  end(): void {
    if (this.carry) this.sink.write(this.carry);
    this.carry = "";
  }

  private stopAt(s: string, k: number): void {
    if (this.emitFrom >= 0 && k > this.emitFrom) this.out.push(s.slice(this.emitFrom, k));
    this.emitFrom = -1;
  }

  private flush(): void {
    if (this.out.length === 0) return;
    this.sink.write(this.out.join(""));
    this.out = [];
  }

  private report(message: string): void {
    this.flush();
    this.sink.overflow(message);
  }

  private holdBack(s: string, k: number): number {
    this.stopAt(s, k);
    this.carry = s.slice(k);
    return s.length;
  }

  private readText(s: string, from: number): number {
    const lt = s.indexOf("<", from);
    const end = lt < 0 ? s.length : lt;
    const room = this.bounds.maxTextChars - this.length;
    if (!this.cut && end - from > room) {
      this.stopAt(s, from + room);
      this.cut = true;
      this.report(`text longer than ${this.bounds.maxTextChars} characters`);
    }
    this.length += end - from;
    if (lt < 0) return s.length;
    if (this.cut) this.emitFrom = lt;
    this.length = 0;
    this.cut = false;
    return this.readMarkup(s, lt);
  }

  private readMarkup(s: string, lt: number): number {
    if (lt + 1 >= s.length) return this.holdBack(s, lt);
    const c = s.charCodeAt(lt + 1);
    if (c === QUESTION) return this.begin("pi", lt + 2);
    if (c === BANG) {
      if (s.startsWith("<!--", lt)) return this.begin("comment", lt + 4);
      if (s.startsWith("<![CDATA[", lt)) return this.begin("cdata", lt + 9);
      const head = s.slice(lt, lt + 9);
      if (head.length < 9 && ("<!--".startsWith(head) || "<![CDATA[".startsWith(head))) {
        return this.holdBack(s, lt);
      }
    }
    return this.readTag(s, lt);
  }

  private begin(state: State, at: number): number {
    this.state = state;
    this.length = 0;
    this.cut = false;
    return at;
  }

  private readTag(s: string, lt: number): number {
    // Brackets matter only in a declaration's internal subset (<!DOCTYPE x [ … ]>).
    const declaration = s.charCodeAt(lt + 1) === BANG;
    const limit = Math.min(s.length, lt + this.bounds.maxTagChars);
    let quote = 0;
    let brackets = 0;
    let j = lt + 1;
    for (; j < limit; j++) {
      const c = s.charCodeAt(j);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === QUOTE || c === APOS) quote = c;
      else if (c === GT && brackets === 0) break;
      else if (declaration && c === OPEN_BRACKET) brackets++;
      else if (declaration && c === CLOSE_BRACKET) brackets = Math.max(0, brackets - 1);
    }
    if (j < limit) {
      this.endTag(s, lt, j + 1, { text: s, from: lt, to: j }, false);
      return j + 1;
    }
    if (j === s.length && j - lt < this.bounds.maxTagChars) return this.holdBack(s, lt);
    this.stopAt(s, lt);
    this.long = { head: s.slice(lt, j), quote, quoteAtCut: quote, brackets, declaration };
    this.state = "longTag";
    return j;
  }

  private readLongTag(s: string, from: number): number {
    const t = this.long;
    let j = from;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (t.quote !== 0) {
        if (c === t.quote) t.quote = 0;
      } else if (c === QUOTE || c === APOS) t.quote = c;
      else if (c === GT && t.brackets === 0) break;
      else if (t.declaration && c === OPEN_BRACKET) t.brackets++;
      else if (t.declaration && c === CLOSE_BRACKET) t.brackets = Math.max(0, t.brackets - 1);
    }
    if (j === s.length) return j;
    const closeQuote = t.quoteAtCut === 0 ? "" : String.fromCharCode(t.quoteAtCut);
    this.state = "text";
    this.length = 0;
    const tag = t.head + closeQuote;
    this.endTag(s, j + 1, j + 1, { text: tag, from: 0, to: tag.length }, true);
    return j + 1;
  }

  /**
   * A whole tag ends before `next` in `s`: passes it on or drops it. `tag` locates its text,
   * `<` up to without `>`, in the input or (for a cut tag) in what was kept of it.
   */
  private endTag(s: string, start: number, next: number, tag: TagText, cut: boolean): void {
    const { text, from, to } = tag;
    let pass: boolean;
    let deep = false;
    const second = text.charCodeAt(from + 1);
    if (second === SLASH) {
      pass = this.close(nameAt(text, from + 2));
    } else if (second === BANG || text.charCodeAt(to - 1) === SLASH) {
      pass = this.dropped.length === 0;
    } else {
      deep = this.dropped.length === 0 && this.open.length >= this.bounds.maxDepth;
      pass = this.openElement(nameAt(text, from + 1));
    }
    if (!cut && pass) return;
    this.stopAt(s, start);
    if (deep) this.report(`elements nested deeper than ${this.bounds.maxDepth}`);
    if (pass) this.out.push(`${text.slice(from, to)}>`);
    if (cut) this.report(`a tag longer than ${this.bounds.maxTagChars} characters`);
    this.emitFrom = next;
  }

  /**
   * Elements past the depth bound are dropped, and so are their closing tags. A closing tag
   * closes the innermost open element of its name, dropped or not, with everything inside it,
   * as saxes does: a file that leaves tags open still finds its way back.
   */
  private close(name: string): boolean {
    if (this.droppedUnnamed > 0) {
      this.droppedUnnamed--;
      return false;
    }
    const d = this.dropped.lastIndexOf(name);
    if (d >= 0) {
      this.dropped.length = d;
      return false;
    }
    const k = this.open.lastIndexOf(name);
    if (k >= 0) {
      this.open.length = k;
      this.dropped.length = 0;
      return true;
    }
    // Unmatched: the parser reports it, unless it belongs to what was dropped.
    return this.dropped.length === 0;
  }

  private openElement(name: string): boolean {
    if (this.dropped.length === 0 && this.open.length < this.bounds.maxDepth) {
      this.open.push(name);
      return true;
    }
    if (this.dropped.length < DROPPED_NAMES_MAX) this.dropped.push(name);
    else this.droppedUnnamed++;
    return false;
  }

  private readUntilEnd(s: string, from: number, kind: "comment" | "cdata" | "pi"): number {
    const end = ENDS[kind];
    const max = this.bounds.maxTextChars;
    const k = s.indexOf(end, from);
    // Without the terminator, its first characters may end this chunk: hold them back.
    const stop = k >= 0 ? k + end.length : Math.max(from, s.length - (end.length - 1));
    const room = max - this.length;
    if (!this.cut && stop - from > room) {
      this.stopAt(s, from + room);
      this.cut = true;
      this.report(`${kind === "cdata" ? "CDATA" : `a ${kind}`} longer than ${max} characters`);
    }
    this.length += stop - from;
    if (k < 0) return stop < s.length ? this.holdBack(s, stop) : stop;
    // What was cut may have held part of the terminator: the parser gets it whole.
    if (this.cut) {
      this.out.push(end);
      this.emitFrom = stop;
    }
    this.begin("text", stop);
    return stop;
  }
}
