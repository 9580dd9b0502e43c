import { notFound } from "./errors";

export interface PageWindow {
  pageCount: number;
  offset: number;
  /** The rows of this page: `size`, or fewer on the last (0 when there are none at all). */
  limit: number;
}

/** Page `page` (from 1) of `total` rows, `size` a page. Past the last page is a 404. */
export function pageWindow(total: number, size: number, page: number): PageWindow {
  const pageCount = Math.max(1, Math.ceil(total / size));
  if (page > pageCount) throw notFound("That page");
  const offset = (page - 1) * size;
  return { pageCount, offset, limit: Math.max(0, Math.min(size, total - offset)) };
}
