/**
 * Search over needs, offers and resources (the learning exchange): one interface, two implementations.
 *
 * ── How to use it (server only: loaders, actions, the worker) ──
 *
 *   import { getSearchIndex, loadSearchScope } from "~/features/search/index.server";
 *
 *   const scope = await loadSearchScope(viewer);            // from policy.searchScope + approved proposals
 *   const result = await getSearchIndex().query(
 *     { text: "seguridad digital", entityType: "need", filters: { countryCodes: ["MX"] }, sort: "relevance", page: 1, pageSize: 20 },
 *     scope,
 *   );
 *   // result.total, result.hits[i].{entityType, entityId, titleHtml, snippet, ...}, result.facets.categoryIds["legal"]
 *
 * - `hits` carry ids and shareable attributes only. To show a hit, load the row by `entityId` and pass it
 *   through `presentNeed`/`offerAccess` as any page does; `titleHtml` and `snippet` are HTML-escaped
 *   except for the `<mark>` tags added around matched words, so they may be rendered as HTML.
 * - A hit never carries the organisation (an anonymised need must not be traced back to its coalition).
 * - Facets count the documents matching the whole query (text, scope and every filter), like
 *   Meilisearch's facetDistribution; array filters match "any of" the given values, filters combine with AND.
 * - Place filters read offers as the offers board does: an offer is in a country it lists, in every country
 *   of a region it covers, and everywhere when its coverage is global (`coverageRegionsFor`). Facets count
 *   only what a document lists itself (a global offer counts under "global", not under every country).
 * - Very broad queries (more than 500 matches) are bounded on PostgreSQL: see `SearchResult.exhaustive`.
 * - Text: the first 8 words are used, all must match; accents and case are ignored; the last word also
 *   matches as a prefix; a word of 5+ letters that is not in the index also matches the indexed words one
 *   edit away (two from 9 letters; a transposition counts as one edit).
 * - Indexing is not called by features directly: in the transaction that changes a need or offer, call
 *   `queueSearchIndex(tx, "need", id)` (services/documents.server.ts). The worker's `search.index` job
 *   reads the current row and indexes or removes it, so a backend outage only delays indexing.
 * - `npm run search:reindex` rebuilds the whole index from the database.
 *
 * Implementations: PostgreSQL full-text search ("SearchDocument", the default) and Meilisearch (when
 * MEILI_URL is set). Both pass the same contract tests (tests/search/contract.ts).
 */
import type { SearchScope } from "~/features/auth/policy";
import { regionOf } from "~/features/taxonomy/reference-data";

export type SearchEntityType = "need" | "offer" | "resource";

/**
 * What is indexed about a need or an offer: shareable fields only (never need details, outcome wanted,
 * contacts or organisation names). `organisationId`, `status` and `visibility` travel with the document
 * so that queries apply the viewer's scope.
 */
export type SearchDoc = {
  /** "need:<id>" | "offer:<id>" | "resource:<id>" */
  id: string;
  entityType: SearchEntityType;
  entityId: string;
  organisationId: string;
  title: string;
  /** Need summary, offer description, or a resource's summary and body. */
  body: string;
  /**
   * The labels of its category and topics in each interface language (searchable, weighted below the
   * text; never shown by a hit), so a query in any language finds it by its taxonomy.
   */
  labels: { en: string; es: string; fr: string };
  /** Language the text is written in (ISO 639-1). */
  language: string;
  status: string;
  /**
   * Needs: network | secretariat. Offers: network, or organisation while its organisation is unvetted.
   * Resources: public | network | trusted | secretariat, or organisation while its organisation is unvetted.
   */
  visibility: string;
  categoryIds: string[];
  topicIds: string[];
  /** Need: its country. Offer: the countries it covers. Resource: the countries it is about. */
  countryCodes: string[];
  /** Need: its country's region. Offer: covered regions, plus "global" for global coverage. */
  regions: string[];
  /** Working languages (ISO 639-1). */
  languages: string[];
  /** Needs only. */
  urgency: string | null;
  postedAt: Date;
};

/** The `regions` value of an offer whose coverage is global. */
export const GLOBAL_COVERAGE = "global";

/**
 * The region values through which an offer covers any of these countries: their regions, and global
 * coverage. A place filter admits an offer listing one of them; a need only through its own country.
 */
export function coverageRegionsFor(countryCodes: readonly string[]): string[] {
  const regions = countryCodes.map(regionOf).filter((r): r is NonNullable<typeof r> => !!r);
  return [...new Set<string>([...regions, GLOBAL_COVERAGE])];
}

export type SearchFilters = {
  categoryIds?: string[];
  topicIds?: string[];
  countryCodes?: string[];
  regions?: string[];
  languages?: string[];
  urgency?: string[];
  status?: string[];
  postedAfter?: Date;
  postedBefore?: Date;
};

export type SearchSort = "relevance" | "newest" | "urgency";

export type SearchQuery = {
  text?: string;
  entityType?: SearchEntityType;
  filters?: SearchFilters;
  /** Default: relevance when there is text, newest otherwise. */
  sort?: SearchSort;
  /** 1-based. */
  page?: number;
  /** At most MAX_PAGE_SIZE. */
  pageSize?: number;
};

export type MatchQuery = Pick<SearchQuery, "text" | "entityType" | "filters">;

export type Highlight = Pick<SearchHit, "titleHtml" | "snippet">;

export type SearchHit = {
  id: string;
  entityType: SearchEntityType;
  entityId: string;
  title: string;
  /** Title, HTML-escaped, with matched words in <mark>. */
  titleHtml: string;
  /** Extract of the body around the matches, HTML-escaped, with matched words in <mark>. */
  snippet: string;
  language: string;
  status: string;
  categoryIds: string[];
  topicIds: string[];
  countryCodes: string[];
  regions: string[];
  languages: string[];
  urgency: string | null;
  postedAt: Date;
};

export const FACET_FIELDS = [
  "categoryIds",
  "topicIds",
  "countryCodes",
  "regions",
  "languages",
  "urgency",
  "status",
] as const;
export type FacetField = (typeof FACET_FIELDS)[number];
export type SearchFacets = Record<FacetField, Record<string, number>>;

export type SearchResult = {
  /** Matching documents the viewer may see (a lower bound when `exhaustive` is false). */
  total: number;
  /**
   * True when `total` and `facets` count every match. The PostgreSQL index bounds the work of very broad
   * queries: past 500 matches (EXACT_WINDOW) it reports total = 500 with exhaustive = false ("500+"),
   * and facets and relevance ranking cover the 500 most recent matches. Show "500+" in that case.
   */
  exhaustive: boolean;
  page: number;
  pageSize: number;
  hits: SearchHit[];
  facets: SearchFacets;
};

export type DocSource = AsyncIterable<SearchDoc[]> | Iterable<SearchDoc[]>;

export interface SearchIndex {
  readonly backend: "postgres" | "meilisearch";
  /** Adds or replaces documents (idempotent). */
  index(docs: SearchDoc[]): Promise<void>;
  /** Removes documents by SearchDoc id ("need:<id>"); unknown ids are ignored. */
  remove(ids: string[]): Promise<void>;
  query(q: SearchQuery, scope: SearchScope): Promise<SearchResult>;
  /**
   * The entity ids a query matches (newest first, at most MAX_MATCHES), without hits, snippets or facets:
   * for a board that filters, counts and sorts the matches itself. The same matches as `query`'s.
   */
  matchingIds(q: MatchQuery, scope: SearchScope): Promise<string[]>;
  /**
   * Which entities a text matches, uncapped, for a board that applies its filters, counts, sorts and pages
   * in one SQL statement over its own table (filters before any cap: nothing that matches is dropped).
   * PostgreSQL answers with the tsquery the board joins "SearchDocument" on; Meilisearch with every
   * matching id within the scope. `none`: no words to search for.
   */
  textMatch(q: { text: string; entityType: SearchEntityType }, scope: SearchScope): Promise<TextMatch>;
  /**
   * The matched words of `text` marked in these entities' titles and bodies (for a board showing them):
   * entity id → titleHtml and snippet, as in SearchHit. Entities outside the scope or not matching are
   * left out.
   */
  highlight(
    q: { text: string; entityType: SearchEntityType },
    entityIds: string[],
    scope: SearchScope,
  ): Promise<Map<string, Highlight>>;
  /** Replaces the whole index with the documents of `source` (batches); documents not in it are removed. */
  reindex(source: DocSource): Promise<{ count: number }>;
}

/** How a board applies a text: see SearchIndex.textMatch. */
export type TextMatch =
  { kind: "none" } | { kind: "tsquery"; tsquery: string } | { kind: "ids"; ids: string[] };

export const MAX_PAGE_SIZE = 50;
/** matchingIds returns at most this many ids (as many as the PostgreSQL index counts exactly). */
export const MAX_MATCHES = 500;
const DEFAULT_PAGE_SIZE = 20;

export function searchDocId(entityType: SearchEntityType, entityId: string) {
  return `${entityType}:${entityId}`;
}

export function emptyFacets(): SearchFacets {
  return {
    categoryIds: {},
    topicIds: {},
    countryCodes: {},
    regions: {},
    languages: {},
    urgency: {},
    status: {},
  };
}

/** What either index answers when nothing can match (no scope, no usable text). */
export function emptyResult(page: number, pageSize: number): SearchResult {
  return { total: 0, exhaustive: true, page, pageSize, hits: [], facets: emptyFacets() };
}

/** Clamps paging so that no caller can ask for an unbounded page. */
export function normalisePaging(q: SearchQuery): { page: number; pageSize: number; offset: number } {
  const pageSize = Math.min(
    Math.max(Math.trunc(q.pageSize ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE, 1),
    MAX_PAGE_SIZE,
  );
  const page = Math.min(Math.max(Math.trunc(q.page ?? 1) || 1, 1), 10_000);
  return { page, pageSize, offset: (page - 1) * pageSize };
}

export function effectiveSort(q: SearchQuery, hasText: boolean): SearchSort {
  if (q.sort === "relevance" && !hasText) return "newest";
  return q.sort ?? (hasText ? "relevance" : "newest");
}
