// Code spans as markdown-it finds them (CommonMark: a backtick run opens a span that the
// next run of exactly the same length closes; a backslash before a run escapes its first
// backtick only; inside a span backslashes are literal). The math scanner uses them so that a
// `$` inside a code span never pairs with one outside it: the code span stays code.

const BACKTICK = 0x60;
const BACKSLASH = 0x5c;

/** Code spans in `src`, flattened as [start, end, start, end, …] (end exclusive), ascending. */
export function findCodeSpans(src: string): number[] {
  if (!src.includes("`")) return [];
  const starts: number[] = [];
  const lengths: number[] = [];
  const escaped: boolean[] = [];
  let backslashes = 0;
  for (let i = 0; i < src.length; i++) {
    const code = src.charCodeAt(i);
    if (code === BACKTICK) {
      let end = i + 1;
      while (src.charCodeAt(end) === BACKTICK) end++;
      starts.push(i);
      lengths.push(end - i);
      escaped.push(backslashes % 2 === 1);
      i = end - 1;
      backslashes = 0;
      continue;
    }
    backslashes = code === BACKSLASH ? backslashes + 1 : 0;
  }
  // For each run, the next run of its own length and of one less (the length it opens with
  // when its first backtick is escaped): one pass from the right, so linear overall.
  const runs = starts.length;
  const nextSame = new Int32Array(runs);
  const nextShorter = new Int32Array(runs);
  const lastOfLength = new Map<number, number>();
  for (let r = runs - 1; r >= 0; r--) {
    const length = lengths[r] as number;
    nextSame[r] = lastOfLength.get(length) ?? -1;
    nextShorter[r] = lastOfLength.get(length - 1) ?? -1;
    lastOfLength.set(length, r);
  }
  const spans: number[] = [];
  for (let r = 0; r < runs; r++) {
    const isEscaped = escaped[r] === true;
    if (isEscaped && lengths[r] === 1) continue;
    const partner = isEscaped ? (nextShorter[r] as number) : (nextSame[r] as number);
    if (partner < 0) continue;
    spans.push(
      (starts[r] as number) + (isEscaped ? 1 : 0),
      (starts[partner] as number) + (lengths[partner] as number),
    );
    r = partner;
  }
  return spans;
}

/** Whether `pos` lies inside one of `spans` (as findCodeSpans returns them). */
export function inCodeSpan(spans: readonly number[], pos: number): boolean {
  // Binary search over the starts (even indexes) for the last start ≤ pos.
  let lo = 0;
  let hi = spans.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((spans[2 * mid] as number) <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && pos < (spans[2 * (lo - 1) + 1] as number);
}
