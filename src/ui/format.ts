const DATE = new Intl.DateTimeFormat("en", {
  year: "numeric",
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});

/**
 * Intl's formatting costs microseconds a call, and a page formats a date per summary and
 * comment. The text depends only on the UTC day, so each day's is kept (a few thousand days at
 * most, then the map starts again: bounded).
 */
const byDay = new Map<number, string>();
const MAX_DAYS_KEPT = 4_096;
const DAY_MS = 86_400_000;

export function formatDate(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return "";
  const day = Math.floor(time / DAY_MS);
  let text = byDay.get(day);
  if (text === undefined) {
    text = DATE.format(new Date(time));
    if (byDay.size >= MAX_DAYS_KEPT) byDay.clear();
    byDay.set(day, text);
  }
  return text;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatAuthors(authors: readonly string[], max = 6): string {
  if (authors.length <= max) return authors.join(", ");
  return `${authors.slice(0, max).join(", ")} and ${authors.length - max} more`;
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
