/**
 * A summary's length as a reader counts it: code points (an emoji or a CJK character is one,
 * not two UTF-16 units) of the text without surrounding space. The editor's counter
 * (public/editor.js) counts the same way.
 */
export function summaryLength(source: string): number {
  let n = 0;
  for (const _ of source.trim()) n++;
  return n;
}
