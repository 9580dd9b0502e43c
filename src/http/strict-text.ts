// PostgreSQL refuses NUL in text, and a reader can only be shown valid Unicode: text from the
// address or a form is checked here once, so no route ever sees either.

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Bytes as UTF-8, or null when they are not valid UTF-8 (lone surrogates included). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * Percent-decodes as browsers and Hono do (a `%` that starts no escape stays as it is), but
 * returns null where they would quietly substitute: an escape run that is not UTF-8.
 */
export function percentDecode(text: string): string | null {
  if (!text.includes("%")) return text;
  let bad = false;
  const decoded = text.replace(ESCAPE_RUN, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++)
      bytes[i] = Number.parseInt(run.slice(3 * i + 1, 3 * i + 3), 16);
    const value = decodeUtf8(bytes);
    if (value === null) bad = true;
    return value ?? "";
  });
  return bad ? null : decoded;
}

export function hasNul(text: string): boolean {
  return text.includes("\0");
}
