// Text from the original site's dump. Its connection was latin1 while its pages were UTF-8, so
// the columns hold UTF-8 bytes read as latin1 (MySQL's latin1 is Windows-1252). A dump taken
// as latin1/binary gives those bytes back: they decode as UTF-8. A dump taken as utf8 gives
// them converted once more ("é" → "Ã©"): that text is repaired by turning it back into
// Windows-1252 bytes, but only when those bytes are valid UTF-8, and only once, so correct
// text is never "repaired" (a lone "é" is not valid UTF-8 as one byte). Bytes that are not
// UTF-8 at all were typed in latin1: they decode as Windows-1252. Pure: no I/O.

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const CP1252 = new TextDecoder("windows-1252");

/** Windows-1252's characters at 0x80–0x9F that are not the same code point in Unicode. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const TO_CP1252 = new Map<number, number>(CP1252_HIGH.map((cp, i) => [cp, 0x80 + i]));

/** The dump's bytes as text, decoded and repaired as above. */
export function decodeLegacyText(bytes: Buffer): string {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return CP1252.decode(bytes);
  }
  return repairMojibake(text);
}

/** "Ã©" → "é" when the whole text reads back as UTF-8 that way; otherwise the text as it is. */
export function repairMojibake(text: string): string {
  // Only text with a non-ASCII character can be mojibake.
  if (Buffer.byteLength(text, "utf8") === text.length) return text;
  const bytes = Buffer.allocUnsafe(text.length);
  let i = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    const b = cp <= 0xff ? cp : TO_CP1252.get(cp);
    if (b === undefined) return text;
    bytes[i++] = b;
  }
  try {
    return UTF8.decode(bytes.subarray(0, i));
  } catch {
    return text;
  }
}
