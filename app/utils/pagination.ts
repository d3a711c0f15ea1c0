// Paging, in one place: reading a page number from the query string (a bad or hostile value is page 1,
// never an error) and counting pages. Pure: used by loaders, services and the one pager component
// (app/components/pagination.tsx).

/**
 * The highest page number a query string may ask for: a guard against absurd OFFSETs that still reaches
 * the end of the longest list (the audit log, where every view of confidential details is a row).
 */
export const MAX_PAGE = 100_000;

/** A page number from any query value: a whole number from 1 to MAX_PAGE, otherwise 1. */
export function pageNumber(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= MAX_PAGE ? n : 1;
}

/** The page asked for in a URL's query string (`?page=2`, or another parameter for a second list). */
export function pageParam(url: URL, name = "page"): number {
  return pageNumber(url.searchParams.get(name));
}

/** How many pages `total` rows fill (at least one, so "page 1 of 1" holds for an empty list). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
