// The Meilisearch SearchIndex, used when MEILI_URL is set. Same documents, same scope rules, same result
// shape as the PostgreSQL one; the contract tests (tests/search) run against both.
//
// - Every write awaits its task and fails when the task fails, so the `search.index` job is retried
//   instead of reporting success for a write Meilisearch refused.
// - The viewer's scope becomes a filter expression ANDed to the user's filters; organisationId is
//   filterable but never displayed.
import { Meilisearch, type Index, type IndexSwap, type Settings } from "meilisearch";
import type { SearchScope } from "~/features/auth/policy";
import {
  coverageRegionsFor,
  FACET_FIELDS,
  GLOBAL_COVERAGE,
  MAX_MATCHES,
  MAX_PAGE_SIZE,
  effectiveSort,
  emptyFacets,
  emptyResult,
  normalisePaging,
  type DocSource,
  type Highlight,
  type MatchQuery,
  type SearchDoc,
  type SearchEntityType,
  type SearchFacets,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
  type SearchSort,
  type TextMatch,
} from "../search-index";
import { lexiconSynonyms } from "../lexicon";
import { MARK_END, MARK_START, TYPO_MIN_LENGTH, leadSnippet, markedToHtml } from "../text";

type MeiliDoc = Omit<SearchDoc, "postedAt" | "labels"> & {
  /** Taxonomy labels, one attribute per language so each is tokenised in its own (localizedAttributes). */
  labels_en: string;
  labels_es: string;
  labels_fr: string;
  /** Meilisearch ids allow only [A-Za-z0-9_-]: "need-<id>". */
  key: string;
  postedAt: string;
  postedAtMs: number;
  urgencyRank: number;
};

const URGENCY_RANK: Record<string, number> = { critical: 0, high: 1, normal: 2, low: 3 };
const TASK_WAIT = { timeout: 60_000, interval: 50 };

const MEILI_SETTINGS: Settings = {
  searchableAttributes: ["title", "body", "labels_en", "labels_es", "labels_fr"],
  // Meilisearch >= 1.10. Text is written in English, Spanish or French (detected among the three); labels
  // are in the language their attribute names.
  localizedAttributes: [
    { attributePatterns: ["labels_en"], locales: ["eng"] },
    { attributePatterns: ["labels_es"], locales: ["spa"] },
    { attributePatterns: ["labels_fr"], locales: ["fra"] },
    { attributePatterns: ["title", "body"], locales: ["eng", "spa", "fra"] },
  ],
  // The lexicon of the field's terms (app/features/search/lexicon.ts), every phrase for every other.
  synonyms: lexiconSynonyms(),
  filterableAttributes: [
    "entityType",
    "entityId",
    "organisationId",
    "status",
    "visibility",
    "categoryIds",
    "topicIds",
    "countryCodes",
    "regions",
    "languages",
    "urgency",
    "postedAtMs",
  ],
  sortableAttributes: ["postedAtMs", "urgencyRank"],
  // The organisation stays filterable (scope) but never leaves the index: hits must not identify the
  // coalition behind an anonymised need.
  displayedAttributes: [
    "id",
    "entityType",
    "entityId",
    "title",
    "body",
    "language",
    "status",
    "categoryIds",
    "topicIds",
    "countryCodes",
    "regions",
    "languages",
    "urgency",
    "postedAt",
  ],
  rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness"],
  typoTolerance: { enabled: true, minWordSizeForTypos: { ...TYPO_MIN_LENGTH } },
  faceting: { maxValuesPerFacet: 300 },
  pagination: { maxTotalHits: 200_000 },
};

const settingsApplied = new Map<string, Promise<void>>();

function toMeiliDoc({ labels, ...d }: SearchDoc): MeiliDoc {
  return {
    ...d,
    labels_en: labels.en,
    labels_es: labels.es,
    labels_fr: labels.fr,
    key: `${d.entityType}-${d.entityId}`,
    postedAt: d.postedAt.toISOString(),
    postedAtMs: d.postedAt.getTime(),
    urgencyRank: d.urgency ? (URGENCY_RANK[d.urgency] ?? 4) : 4,
  };
}

function keyOf(searchDocId: string) {
  return searchDocId.replace(":", "-");
}

/** A filter string literal: JSON string quoting is what Meilisearch's filter grammar accepts. */
const lit = (v: string) => JSON.stringify(v);
const list = (vs: readonly string[]) => `[${vs.map(lit).join(", ")}]`;

export function scopeFilter(scope: SearchScope): string | null {
  if (scope.kind === "none") return null;
  if (scope.kind === "all") return "";
  const parts: string[] = [];
  if (scope.ownOrganisationIds.length) parts.push(`organisationId IN ${list(scope.ownOrganisationIds)}`);
  if (scope.needStatuses?.length) {
    parts.push(`(entityType = "need" AND visibility = "network" AND status IN ${list(scope.needStatuses)})`);
  }
  if (scope.offerStatuses?.length)
    parts.push(
      `(entityType = "offer" AND visibility = "network" AND status IN ${list(scope.offerStatuses)})`,
    );
  if (scope.extraNeedIds.length)
    parts.push(`(entityType = "need" AND entityId IN ${list(scope.extraNeedIds)})`);
  if (scope.resourceVisibilities.length)
    parts.push(
      `(entityType = "resource" AND status = "published" AND visibility IN ${list(scope.resourceVisibilities)})`,
    );
  return parts.length ? `(${parts.join(" OR ")})` : null;
}

function queryFilter(q: MatchQuery): string[] {
  const f = q.filters ?? {};
  const out: string[] = [];
  if (q.entityType) out.push(`entityType = ${lit(q.entityType)}`);
  const fields = ["categoryIds", "topicIds", "languages", "urgency", "status"] as const;
  for (const field of fields) {
    const values = f[field];
    if (values?.length) out.push(`${field} IN ${list(values)}`);
  }
  // Places: an offer also covers its regions' countries, and every place when global (needs never list "global").
  if (f.countryCodes?.length) {
    out.push(
      `(countryCodes IN ${list(f.countryCodes)} OR (entityType = "offer" AND regions IN ${list(coverageRegionsFor(f.countryCodes))}))`,
    );
  }
  if (f.regions?.length) out.push(`regions IN ${list([...f.regions, GLOBAL_COVERAGE])}`);
  if (f.postedAfter) out.push(`postedAtMs >= ${f.postedAfter.getTime()}`);
  if (f.postedBefore) out.push(`postedAtMs < ${f.postedBefore.getTime()}`);
  return out;
}

function sortParam(sort: SearchSort): string[] | undefined {
  if (sort === "newest") return ["postedAtMs:desc"];
  if (sort === "urgency") return ["urgencyRank:asc", "postedAtMs:desc"];
  return undefined;
}

/** A hit's title and snippet with Meilisearch's highlight tags made into escaped HTML with <mark>. */
function marks(
  h: { title: string; body: string; _formatted?: { title?: string; body?: string } },
  hasText: boolean,
): Highlight {
  return {
    titleHtml: markedToHtml(h._formatted?.title ?? h.title),
    snippet: hasText && h._formatted?.body ? markedToHtml(h._formatted.body) : leadSnippet(h.body),
  };
}

/** The text and filter expression of a query in this scope; null when the scope sees nothing. */
function searchRequest(q: MatchQuery, scope: SearchScope) {
  const scopeExpr = scopeFilter(scope);
  if (scopeExpr === null) return null;
  const trimmed = q.text?.trim() ?? "";
  const hasText = /[\p{L}\p{N}]/u.test(trimmed);
  const filters = [...(scopeExpr ? [scopeExpr] : []), ...queryFilter(q)];
  return {
    text: hasText ? trimmed : "",
    hasText,
    filter: filters.length ? filters.join(" AND ") : undefined,
  };
}

export class MeiliSearchIndex implements SearchIndex {
  readonly backend = "meilisearch" as const;
  private readonly client: Meilisearch;
  private readonly uid: string;

  constructor(options: { host: string; apiKey?: string; indexUid?: string; timeoutMs?: number }) {
    this.client = new Meilisearch({
      host: options.host,
      apiKey: options.apiKey,
      timeout: options.timeoutMs ?? 10_000,
    });
    this.uid = options.indexUid ?? "puente_documents";
  }

  private async wait(task: {
    waitTask: (
      o?: typeof TASK_WAIT,
    ) => Promise<{ status: string; uid: number; error: { message: string } | null }>;
  }) {
    const done = await task.waitTask(TASK_WAIT);
    if (done.status !== "succeeded") {
      throw new Error(
        `Meilisearch task ${done.uid} ${done.status}: ${done.error?.message ?? "no error message"}`,
      );
    }
  }

  private async configure(uid: string) {
    const existing = await this.client.getIndex(uid).catch(() => null);
    if (!existing) await this.wait(this.client.createIndex(uid, { primaryKey: "key" }));
    await this.wait(this.client.index(uid).updateSettings(MEILI_SETTINGS));
  }

  /**
   * The index for reading: no settings are written from a web request (issue 18); they are applied by
   * the writers, the worker's `search.index` job and `npm run search:reindex` (`ready`).
   */
  private readable(): Index<MeiliDoc> {
    return this.client.index<MeiliDoc>(this.uid);
  }

  /** Creates the index and applies the settings once per writing process (again after a failure). */
  private ready(): Promise<Index<MeiliDoc>> {
    const cacheKey = `${this.client.config.host}|${this.uid}`;
    let applied = settingsApplied.get(cacheKey);
    if (!applied) {
      applied = this.configure(this.uid);
      settingsApplied.set(cacheKey, applied);
      applied.catch(() => settingsApplied.delete(cacheKey));
    }
    return applied.then(() => this.client.index<MeiliDoc>(this.uid));
  }

  async index(docs: SearchDoc[]): Promise<void> {
    if (docs.length === 0) return;
    const index = await this.ready();
    await this.wait(index.addDocuments(docs.map(toMeiliDoc), { primaryKey: "key" }));
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const index = await this.ready();
    await this.wait(index.deleteDocuments(ids.map(keyOf)));
  }

  async reindex(source: DocSource): Promise<{ count: number }> {
    // Build a fresh index aside and swap it in, so searches keep working during the rebuild and
    // documents that no longer exist disappear with the old index.
    await this.ready();
    const tmp = `${this.uid}_rebuild_${Date.now()}`;
    await this.configure(tmp);
    let count = 0;
    try {
      const index = this.client.index<MeiliDoc>(tmp);
      for await (const batch of source) {
        if (batch.length === 0) continue;
        await this.wait(index.addDocuments(batch.map(toMeiliDoc), { primaryKey: "key" }));
        count += batch.length;
      }
      // A plain swap, sent without `rename`: that field exists from Meilisearch 1.18 and older servers
      // (down to the README's minimum, 1.10) refuse fields they do not know. The client's type asks for it.
      const swap: Pick<IndexSwap, "indexes"> = { indexes: [this.uid, tmp] };
      await this.wait(this.client.swapIndexes([swap as IndexSwap]));
    } finally {
      await this.client.deleteIndexIfExists(tmp);
    }
    return { count };
  }

  async query(q: SearchQuery, scope: SearchScope): Promise<SearchResult> {
    const { page, pageSize } = normalisePaging(q);
    const empty = emptyResult(page, pageSize);
    const request = searchRequest(q, scope);
    if (!request) return empty;
    const { text, hasText, filter } = request;
    const index = this.readable();
    const response = await index.search(text, {
      filter,
      // Every word must match, as in the PostgreSQL index (Meilisearch's default drops trailing words).
      matchingStrategy: "all",
      facets: [...FACET_FIELDS],
      sort: sortParam(effectiveSort(q, hasText)),
      page,
      hitsPerPage: pageSize,
      attributesToHighlight: hasText ? ["title", "body"] : [],
      attributesToCrop: hasText ? ["body"] : [],
      cropLength: 30,
      cropMarker: "…",
      highlightPreTag: MARK_START,
      highlightPostTag: MARK_END,
    });
    const facets: SearchFacets = emptyFacets();
    for (const f of FACET_FIELDS) facets[f] = { ...(response.facetDistribution?.[f] ?? {}) };
    return {
      total: response.totalHits,
      // Page-based search gives an exhaustive totalHits and facet distribution (up to maxTotalHits).
      exhaustive: response.totalHits < (MEILI_SETTINGS.pagination?.maxTotalHits ?? 1000),
      page,
      pageSize,
      facets,
      hits: response.hits.map((h) => ({
        id: h.id,
        entityType: h.entityType as SearchEntityType,
        entityId: h.entityId,
        title: h.title,
        ...marks(h, hasText),
        language: h.language,
        status: h.status,
        categoryIds: h.categoryIds,
        topicIds: h.topicIds,
        countryCodes: h.countryCodes,
        regions: h.regions,
        languages: h.languages,
        urgency: h.urgency,
        postedAt: new Date(h.postedAt),
      })),
    };
  }

  async matchingIds(q: MatchQuery, scope: SearchScope): Promise<string[]> {
    const request = searchRequest(q, scope);
    if (!request) return [];
    const index = this.readable();
    const response = await index.search(request.text, {
      filter: request.filter,
      matchingStrategy: "all",
      sort: sortParam("newest"),
      limit: MAX_MATCHES,
      attributesToRetrieve: ["entityId"],
    });
    return response.hits.map((h) => h.entityId);
  }

  async textMatch(q: { text: string; entityType: SearchEntityType }, scope: SearchScope): Promise<TextMatch> {
    const request = searchRequest({ text: q.text, entityType: q.entityType }, scope);
    if (!request) return { kind: "ids", ids: [] };
    if (!request.hasText) return { kind: "none" };
    // Every match within the scope (up to maxTotalHits): the board filters, counts and pages them in SQL.
    const response = await this.readable().search(request.text, {
      filter: request.filter,
      matchingStrategy: "all",
      limit: MEILI_SETTINGS.pagination?.maxTotalHits ?? 200_000,
      attributesToRetrieve: ["entityId"],
    });
    return { kind: "ids", ids: response.hits.map((h) => h.entityId) };
  }

  async highlight(
    q: { text: string; entityType: SearchEntityType },
    entityIds: string[],
    scope: SearchScope,
  ): Promise<Map<string, Highlight>> {
    const out = new Map<string, Highlight>();
    const ids = entityIds.slice(0, MAX_PAGE_SIZE);
    const request = searchRequest({ text: q.text, entityType: q.entityType }, scope);
    if (!request || !request.hasText || ids.length === 0) return out;
    const index = this.readable();
    const response = await index.search(request.text, {
      filter: [request.filter, `entityId IN ${list(ids)}`].filter(Boolean).join(" AND "),
      matchingStrategy: "all",
      limit: ids.length,
      attributesToRetrieve: ["entityId", "title", "body"],
      attributesToHighlight: ["title", "body"],
      attributesToCrop: ["body"],
      cropLength: 30,
      cropMarker: "…",
      highlightPreTag: MARK_START,
      highlightPostTag: MARK_END,
    });
    for (const h of response.hits) out.set(h.entityId, marks(h, true));
    return out;
  }

  /** For tests: drop this index. */
  async destroy(): Promise<void> {
    await this.client.deleteIndexIfExists(this.uid);
    settingsApplied.delete(`${this.client.config.host}|${this.uid}`);
  }
}
