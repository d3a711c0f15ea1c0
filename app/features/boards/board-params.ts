// What the needs and offers boards' URL parameters have in common: the search text, the taxonomy and place
// filters, the posted-within window, the sort and the page. Each board adds its own facets and sorts.
import { z } from "zod";
import { countries, regions } from "~/features/taxonomy/reference-data";
import { countryCodeFromName } from "~/i18n/countries";

const countryCodes = countries.map((c) => c.code);

export const postedWindows = ["7", "30", "90", "365"] as const;

/**
 * A board's work is bounded whatever the size of the network (issue 18): its total is counted exactly up
 * to this many matches (past it the page says "more than 1,000" and the pager goes on while a next page
 * exists, so no match is missing from the pages)...
 */
export const COUNT_LIMIT = 1_000;
/** ...and its facets are counted over at most this many of the newest items that fail at most one filter
 * (past it the counts are lower bounds, shown "12+"). */
export const FACET_WINDOW = 1_000;

/** One row of a board's bounded statement: the matches counted up to COUNT_LIMIT + 1, the facet window's
 * size, the facet counts, and the page read with one row more (which says a next page exists). */
export type BoundedBoardRow<Facet extends string, Row> = {
  total: number;
  window: number;
  facets: Array<{ facet: Facet; value: string | null; n: number }> | null;
  page: Row[] | null;
};

/** The board's answer from that row: the bounded total, the facet counts filled in, the page and whether
 * another follows. */
export function boundedBoardAnswer<Facet extends string, Row>(
  row: BoundedBoardRow<Facet, Row>,
  facets: Record<Facet, Record<string, number>>,
  pageSize: number,
) {
  const counts: Record<string, Record<string, number>> = facets;
  for (const r of row.facets ?? []) if (r.value !== null && r.n > 0) counts[r.facet]![r.value] = r.n;
  const rows = row.page ?? [];
  return {
    total: Math.min(row.total, COUNT_LIMIT),
    bounded: row.total > COUNT_LIMIT,
    facets,
    facetsBounded: row.window > FACET_WINDOW,
    hasNext: rows.length > pageSize,
    rows: rows.slice(0, pageSize),
  };
}

const code = z
  .string()
  .trim()
  .max(64)
  .regex(/^[a-z0-9_.]+$/i);

/** An optional enum parameter: a value outside the list is dropped, not an error. */
export function optionalChoice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values).optional().catch(undefined);
}

/**
 * A board's parameters: the shared filters, then the board's own (kept in this order so both boards'
 * parameters read alike), then the posted window, the sort (the first one is the default) and the page.
 * Anything unknown or malformed in the query string is ignored, never an error.
 */
export function boardParamsSchema<
  const Own extends z.ZodRawShape,
  const Sorts extends readonly [string, ...string[]],
>(own: Own, sorts: Sorts) {
  return z.object({
    q: z.string().trim().max(200).optional().catch(undefined),
    category: code.optional().catch(undefined),
    topic: code.optional().catch(undefined),
    // an ISO code or a country's name in the reader's language (« Sénégal », « Filipinas »)
    country: z
      .string()
      .trim()
      .max(80)
      .transform((value) => countryCodeFromName(value, countryCodes))
      .optional()
      .catch(undefined),
    region: optionalChoice(regions),
    language: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z]{2}$/)
      .optional()
      .catch(undefined),
    ...own,
    posted: optionalChoice(postedWindows),
    sort: z.enum(sorts).catch(sorts[0]),
    page: z.coerce.number().int().min(1).max(10_000).catch(1),
  });
}

/** The parameters the schema knows, read from the URL; empty values count as absent. */
export function parseBoardParams<S extends z.ZodObject>(schema: S, url: URL): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = url.searchParams.get(key);
    if (value) raw[key] = value;
  }
  return schema.parse(raw);
}

/** The shared parameters, which the shared filter form reads. */
export type BoardParams = z.infer<
  ReturnType<typeof boardParamsSchema<Record<never, never>, readonly [string, ...string[]]>>
>;
