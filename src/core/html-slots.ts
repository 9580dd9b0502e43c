// Stored summary HTML is most of a reading page's bytes (a KaTeX-heavy summary: 66 KB of an
// 81 KB paper page). Read from the database as UTF-8 bytes, it goes into the rendered page as
// a short marker, and the page is sent as its encoded text with those bytes put back in place
// (http/send-page.ts): the big parts are never decoded to a string nor encoded again.
//
// A marker holds NUL characters and a random number drawn once per process. Forms and
// imports refuse NUL, JSX escapes text, and no stored HTML could guess the number anyway, so
// nothing but a slot's own marker ever matches.

const NONCE = Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join(
  "",
);
const MARKER = new RegExp(`\u0000${NONCE}:(\\d+)\u0000`, "g");

export class HtmlSlots {
  readonly #bytes: Uint8Array[] = [];

  /** Keeps `bytes` (trusted HTML, as stored) and returns the marker to render in its place. */
  put(bytes: Uint8Array): string {
    this.#bytes.push(bytes);
    return `\u0000${NONCE}:${this.#bytes.length - 1}\u0000`;
  }

  get size(): number {
    return this.#bytes.length;
  }

  /**
   * The page as one byte array: the text between markers encoded, each marker replaced by its
   * bytes. One copy into one buffer: cheaper to send than a stream of chunks.
   */
  fill(page: string): Uint8Array<ArrayBuffer> {
    const chunks: Uint8Array[] = [];
    let from = 0;
    let length = 0;
    for (const m of page.matchAll(MARKER)) {
      const text = Buffer.from(page.slice(from, m.index), "utf8");
      const slot = this.#bytes[Number(m[1])] ?? new Uint8Array(0);
      chunks.push(text, slot);
      length += text.length + slot.length;
      from = m.index + m[0].length;
    }
    const tail = Buffer.from(page.slice(from), "utf8");
    chunks.push(tail);
    length += tail.length;
    return Buffer.concat(chunks, length) as Uint8Array<ArrayBuffer>;
  }
}
