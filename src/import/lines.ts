// Lines of a byte stream, decoded as UTF-8, with their numbers. Unlike readline, a line is
// never held past a size limit: a file without newlines cannot fill the memory. Lines are
// decoded one by one: an ASCII line then stays a one-byte string, which JSON.parse and every
// later step read faster than the two-byte strings a whole chunk with one "é" would give.

export interface Line {
  /** 1-based. */
  number: number;
  /** Null when the line was longer than the limit (its bytes were dropped). */
  text: string | null;
}

const CR = 13;
const LF = 10;

function decode(bytes: Buffer, start: number, end: number): string {
  return bytes.toString("utf8", start, end > start && bytes[end - 1] === CR ? end - 1 : end);
}

/** Yields the lines of each chunk together: one await per chunk, not per line. */
export async function* readLines(
  input: AsyncIterable<Buffer>,
  maxBytes: number,
): AsyncGenerator<Line[]> {
  // The start of a line that began in an earlier chunk; dropped once it passes the limit.
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let tooLong = false;
  let number = 0;
  for await (const chunk of input) {
    const lines: Line[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(LF); nl >= 0; nl = chunk.indexOf(LF, start)) {
      number++;
      if (tooLong || carryBytes + nl - start > maxBytes) lines.push({ number, text: null });
      else if (carryBytes === 0) lines.push({ number, text: decode(chunk, start, nl) });
      else {
        const whole = Buffer.concat([...carry, chunk.subarray(start, nl)]);
        lines.push({ number, text: decode(whole, 0, whole.length) });
      }
      carry = [];
      carryBytes = 0;
      tooLong = false;
      start = nl + 1;
    }
    if (start < chunk.length && !tooLong) {
      carry.push(chunk.subarray(start));
      carryBytes += chunk.length - start;
      if (carryBytes > maxBytes) {
        tooLong = true;
        carry = [];
        carryBytes = 0;
      }
    }
    if (lines.length > 0) yield lines;
  }
  if (tooLong) yield [{ number: number + 1, text: null }];
  else if (carryBytes > 0) {
    const whole = Buffer.concat(carry);
    yield [{ number: number + 1, text: decode(whole, 0, whole.length) }];
  }
}
