/**
 * `href` with `next` added (`?next=` or `&next=`): where a login or sign-up started there
 * returns to. `next` must already be a checked path of ours (http/next-path.ts); none, or the
 * home page (where they go anyway), leaves `href` as it is.
 */
export function withNext(href: string, next: string | null | undefined): string {
  if (!next || next === "/") return href;
  return `${href}${href.includes("?") ? "&" : "?"}next=${encodeURIComponent(next)}`;
}
