// The default SearchIndex: PostgreSQL full-text search over "SearchDocument".
//
// - tsv = title (weight A) || body (weight B), built with the `puente_search` configuration (simple +
//   unaccent, see migration 20261121122000): accents and case never matter, in any of our languages.
// - Typos: every distinct word of the index is kept in "SearchLexicon" (trigram GiST index). A query word
//   that is not in it is replaced by the indexed words within 1 edit (2 from 9 letters) among its nearest
//   trigram neighbours, then full-text search runs on the corrected words. That keeps the text match an
//   index scan; a word_similarity() scan over every title would not stay fast at 100,000 documents.
// - Concepts: a document also carries one lexeme per lexicon concept it names ('~c<group>'), so a query
//   names the concept by it rather than by all of its phrases in three languages (LEXICON_VERSION).
// - One SQL statement per query returns the page, the total and every facet, from one materialised
//   match set, so the counts always agree with the hits. Facets come from one pass over "facetKeys".
// - Bounded work: matches are read newest first and at most EXACT_WINDOW of them are ranked and counted
//   (see SearchResult.exhaustive). The tsquery is a literal, so the planner estimates each word's
//   frequency from the statistics and picks the postedAt index for broad words, the GIN index for rare ones.
import { createHash } from "node:crypto";
import type pg from "pg";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import type { SearchScope } from "~/features/auth/policy";
import {
  coverageRegionsFor,
  effectiveSort,
  GLOBAL_COVERAGE,
  emptyFacets,
  MAX_MATCHES,
  MAX_PAGE_SIZE,
  emptyResult,
  normalisePaging,
  type DocSource,
  type FacetField,
  type Highlight,
  type MatchQuery,
  type SearchEntityType,
  type SearchDoc,
  type SearchFacets,
  type SearchHit,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
  type SearchSort,
  type TextMatch,
} from "../search-index";
import { sqlPool } from "~/utils/sql.server";
import {
  ANGLE_CLOSE,
  ANGLE_OPEN,
  MARK_END,
  MARK_START,
  allowedTypos,
  editDistance,
  leadSnippet,
  markedToHtml,
  queryTokens,
} from "../text";
import { setting } from "~/utils/env-schema";
import { LEXICON_PHRASES, lexiconSpans } from "../lexicon";
import { withoutImpliedAlternatives } from "./tsquery-alternatives";

/** How long rebuilding the typo lexicon from every indexed document may take (a reindex, never a request). */
const LEXICON_REBUILD_TIMEOUT_MS = 10 * 60_000;

const TITLE_HEADLINE = `HighlightAll=true, StartSel=${MARK_START}, StopSel=${MARK_END}`;
const BODY_HEADLINE = `MaxWords=28, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … ", StartSel=${MARK_START}, StopSel=${MARK_END}`;
/** Nearest lexicon words examined per misspelt word; the edit-distance check then keeps the real neighbours. */
const NEIGHBOURS = 12;
/** At most this many corrections per word, so one typo cannot blow a query up. */
const MAX_CORRECTIONS = 6;

type LexiconRow = {
  ord: number;
  norm: string;
  exact: boolean;
  prefixed: boolean;
  near: string[] | null;
  stems: string[];
};

type HitRow = Omit<SearchHit, "postedAt" | "titleHtml" | "snippet"> & {
  postedAt: string;
  body: string;
  titleMarked: string | null;
  bodyMarked: string | null;
};

/** facets: "<field>:<value>" → count, from the documents' facetKeys. */
type QueryRow = { total: number; hits: HitRow[]; facets: Record<string, number> };

/**
 * Matches beyond this many are not all counted: a query that matches more (one common word over
 * 100,000 documents) works on its most recent EXACT_WINDOW matches, so its cost stays bounded. See
 * `SearchResult.exhaustive`. 500 rather than 1,000: at 100,000 documents it cut the CPU time per query
 * by a third (p50 18 → 13 ms, p95 35 → 20 ms, same machine and queries); 25 pages of 20 remain browsable.
 */
const EXACT_WINDOW = 500;

/**
 * The optional RUM index (migration 20261121180000_search_rum, ADR 0007): the search text with each
 * document's posting time attached, so a text search reads its matches newest first straight from the
 * index and stops after the window, instead of visiting every match in the table to sort them.
 */
const ORDERED_TEXT_INDEX = "SearchDocument_tsv_rum_idx";
/** Distance from this instant (RUM's `<=|`) orders documents newest first. */
const NEWEST_FIRST_FROM = "9999-12-31";

/**
 * A text alone over a broad scope estimated to match at least this share of the documents (estimatedShare,
 * from the column statistics) walks the postedAt index newest first and stops after the window. Reading
 * the RUM index instead collects and sorts every match of the text first (about 1 µs each), while the
 * walk pays each row it reads (its scope checked, its tsvector read out of TOAST: 5–10 µs). The estimate
 * adds up the shares of a prefix's lexemes and of alternatives, so it runs high (0.72 for a word in 55%
 * of the documents, 0.50 for one in 18%). Measured per query on bench:search's 100,000 documents (ADR
 * 0012): every text estimated at 0.6 or more read in half the time walking (50 → 25 ms), texts between
 * 0.4 and 0.5 lost (asociaciones 19 → 30 ms).
 */
const WALK_FROM_SHARE = 0.55;
/** How long the text column's statistics (pg_stats) are reused; ANALYZE changes them rarely. */
const TERM_STATS_TTL_MS = 10 * 60_000;

/**
 * How a text query reads its newest matches:
 * - "walk": the postedAt index newest first, each row's text checked, bitmap scans and sorts off;
 * - "ordered": the RUM index newest first (when present), bitmap scans off;
 * - "planner": the planner's own choice.
 */
export type NewestFirstPlan = "walk" | "ordered" | "planner";

/** The text column's most common lexemes with the share of documents holding each (pg_stats). */
export type TermStats = { shares: Map<string, number>; rare: number };

/** How long a text's tsquery (with its typo corrections) is reused. */
const TSQUERY_TTL_MS = setting("VITEST") ? 0 : 30_000;

/**
 * Concepts (ADR 0012): a document naming a lexicon concept, in any of its phrases and forms, carries the
 * lexeme '~c<group>' (no word can be one: the parser splits at '~'). A query naming the concept then looks
 * for its own words or that one lexeme, instead of every phrase of the concept in three languages, each
 * stemmed and as written: the same documents, read from one posting list instead of dozens of common
 * words' (a three-word text with two concepts, newest 500 of its matches at 100,000 documents: 41 → 13 ms
 * through the RUM index). Only while the index was last rebuilt with this code's lexicon
 * (SearchIndexState "lexicon" = LEXICON_VERSION): before that, or after the lexicon changed and until the
 * next reindex, queries name every phrase, as documents may carry an older lexicon's concepts.
 * Marks and ranking always use the phrases (the concept lexeme has no place in the text).
 */
const CONCEPT_FORMAT = 1; // bump when a concept's lexeme changes meaning without its phrases changing
export const LEXICON_VERSION = createHash("sha256")
  .update(JSON.stringify([CONCEPT_FORMAT, LEXICON_PHRASES.map((p) => [p.group, p.language, p.text])]))
  .digest("hex")
  .slice(0, 16);
const conceptLexeme = (group: number) => `~c${group}`;
/** How long the index's lexicon version is reused (a reindex by another process is seen this late). */
const CONCEPT_STATE_TTL_MS = setting("VITEST") ? 0 : 30_000;

/**
 * A text as tsqueries: `match` finds the documents (concepts as their lexeme when the index carries them),
 * `marks` names every phrase, for headlines and ranking. Both match the same documents.
 */
type TextQuery = { match: string; marks: string };

/** What buildTsQuery writes: `full` names every phrase of a concept, `compact` its lexeme. */
type BuiltTsQuery = { compact: string; full: string };

/** Alternatives as one tsquery: any of them. */
const anyOf = (alternatives: string[]) => alternatives.map((a) => `(${a})`).join(" | ");

export class PgSearchIndex implements SearchIndex {
  readonly backend = "postgres" as const;
  private readonly window: number;
  private readonly pool: pg.Pool;
  private readonly tsQueryTtlMs: number;
  private readonly tsQueries = new Map<string, { at: number; tsquery: Promise<BuiltTsQuery | null> }>();
  private conceptState: { at: number; indexed: Promise<boolean> } | undefined;
  private orderedIndex: Promise<boolean> | undefined;
  private lexicon: Promise<Map<number, string[]>> | undefined;
  private termStats: { at: number; stats: Promise<TermStats | null> } | undefined;
  private readonly walkFrom: number;
  private readonly plan: NewestFirstPlan | undefined;
  private readonly concepts: boolean;

  /**
   * Writes go through `client` (Prisma); queries through `pool` (default: sqlPool() of `url`, itself
   * DATABASE_URL by default). A steered statement turns bitmap scans off for itself only, in a
   * transaction of its own (SET LOCAL): no connection startup options, which PgBouncer in transaction
   * mode refuses (two more round trips than a pool whose connections start with the setting).
   * `orderedIndex`: whether to read text matches through the RUM index; looked up once when not given.
   * `walkFrom`: the estimated share of documents from which a broad text walks (Infinity: never).
   * `plan`: every text query read one way (tests compare the plans' answers).
   * `concepts: false`: queries name every phrase of a concept even when the index carries its lexeme.
   */
  constructor(
    private readonly client: PrismaClient,
    options: {
      window?: number;
      url?: string;
      pool?: pg.Pool;
      tsQueryTtlMs?: number;
      orderedIndex?: boolean;
      walkFrom?: number;
      plan?: NewestFirstPlan;
      concepts?: boolean;
    } = {},
  ) {
    this.walkFrom = options.walkFrom ?? WALK_FROM_SHARE;
    this.concepts = options.concepts ?? true;
    this.plan = options.plan;
    this.window = options.window ?? EXACT_WINDOW;
    this.tsQueryTtlMs = options.tsQueryTtlMs ?? TSQUERY_TTL_MS;
    this.pool = options.pool ?? sqlPool(options.url);
    if (options.orderedIndex !== undefined) this.orderedIndex = Promise.resolve(options.orderedIndex);
  }

  private async read<T>(sql: Prisma.Sql): Promise<T[]> {
    return (await this.pool.query(sql.text, sql.values)).rows as T[];
  }

  /** Whether the RUM index exists (asked again after a failed lookup). */
  hasOrderedIndex(): Promise<boolean> {
    this.orderedIndex ??= this.read<{ ok: boolean }>(
      Prisma.sql`SELECT to_regclass(${`"${ORDERED_TEXT_INDEX}"`}) IS NOT NULL AS ok`,
    ).then(
      ([row]) => !!row?.ok,
      () => {
        this.orderedIndex = undefined;
        return false;
      },
    );
    return this.orderedIndex;
  }

  /**
   * How a query takes its matches newest first (see NewestFirstPlan). Text alone over a broad scope is
   * steered: the planner estimates a text's matches as if its words were independent, words that go
   * together match far more rows than it thinks, and it then prefers visiting every match to sort them
   * over reading in order. A text estimated to match WALK_FROM_SHARE of the documents or more walks the
   * postedAt index; a narrower one reads the RUM index (ADR 0007). With any filter, or a narrow scope, the
   * planner keeps its own choice: filters that together match few documents would make an ordered read
   * walk through every match (bench:search's "1 word, filters" p95 went from 25 to 64 ms when they were
   * steered too). Every plan ends in newestMatches, so the window is the same whichever reads it.
   */
  private async newestFirst(tsquery: string | null, q: MatchQuery, scope: SearchScope) {
    const walk = { order: Prisma.sql`d."postedAt" DESC`, settings: WALK_SETTINGS, walk: true };
    if (tsquery === null) return { order: Prisma.sql`d."postedAt" DESC, d.id`, settings: null, walk: false };
    const ordered = await this.hasOrderedIndex();
    const planner = {
      order: ordered
        ? Prisma.sql`d."postedAt" <=| ${NEWEST_FIRST_FROM}::timestamp`
        : Prisma.sql`d."postedAt" DESC, d.id`,
      settings: null,
      walk: false,
    };
    const steered = { ...planner, settings: ordered ? ORDERED_SETTINGS : null };
    if (this.plan) return this.plan === "walk" ? walk : this.plan === "ordered" ? steered : planner;
    const filtered = Object.values(q.filters ?? {}).some((v) =>
      Array.isArray(v) ? v.length > 0 : v != null,
    );
    const broadScope =
      scope.kind === "all" ||
      (scope.kind === "member" && (!!scope.needStatuses?.length || !!scope.offerStatuses?.length));
    if (!broadScope || filtered) return planner;
    const stats = this.walkFrom <= 1 ? await this.textStats() : null;
    const share = stats ? estimatedShare(tsquery, stats) : null;
    return share !== null && share >= this.walkFrom ? walk : steered;
  }

  /**
   * The text column's statistics, read again every TERM_STATS_TTL_MS; null before the first ANALYZE or
   * when they cannot be read (no text walks until the next read).
   */
  private textStats(): Promise<TermStats | null> {
    const now = Date.now();
    if (this.termStats && now - this.termStats.at < TERM_STATS_TTL_MS) return this.termStats.stats;
    const stats = this.read<{ lexemes: string[] | null; shares: number[] | null }>(
      Prisma.sql`
      SELECT most_common_elems::text::text[] AS lexemes, most_common_elem_freqs::float8[] AS shares
      FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'SearchDocument' AND attname = 'tsv'`,
    ).then(
      ([row]) => {
        if (!row?.lexemes?.length || !row.shares) return null;
        const shares = new Map<string, number>();
        row.lexemes.forEach((lexeme, i) => shares.set(lexeme, row.shares![i]!));
        // After the lexemes' own shares come the least and the greatest of them.
        return { shares, rare: row.shares[row.lexemes.length] ?? 0 };
      },
      () => null,
    );
    this.termStats = { at: now, stats };
    return stats;
  }

  /** One read-only statement, after `settings` (SET LOCAL …, for it alone) when given. */
  private async readSteered<T>(sql: Prisma.Sql, settings: string | null): Promise<T[]> {
    if (!settings) return this.read<T>(sql);
    const client = await this.pool.connect();
    try {
      await client.query(`BEGIN READ ONLY; ${settings}`);
      const { rows } = await client.query(sql.text, sql.values);
      await client.query("COMMIT");
      client.release();
      return rows as T[];
    } catch (error) {
      // A connection left inside a failed transaction must not go back to the pool.
      client.release(error as Error);
      throw error;
    }
  }

  async index(docs: SearchDoc[]): Promise<void> {
    if (docs.length === 0) return;
    await this.upsert(docs);
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.client.$executeRaw`DELETE FROM "SearchDocument" WHERE id = ANY(${ids}::text[])`;
  }

  async reindex(source: DocSource): Promise<{ count: number }> {
    // Mark and sweep: every document of the source is written with a fresh "updatedAt"; whatever is
    // older than the start afterwards was not in the source and goes. The index stays queryable throughout.
    // The start is kept as database text so no client time zone conversion can shift it.
    const [{ started }] = await this.client.$queryRaw<[{ started: string }]>`
      SELECT to_char(now()::timestamp(3), 'YYYY-MM-DD HH24:MI:SS.MS') AS started`;
    let count = 0;
    for await (const batch of source) {
      if (batch.length === 0) continue;
      await this.upsert(batch);
      count += batch.length;
    }
    await this.client.$executeRaw`DELETE FROM "SearchDocument" WHERE "updatedAt" < ${started}::timestamp`;
    // The lexicon only grows between rebuilds; rebuild it from what is indexed now. Reading every document
    // again takes its time (13 s at 100,000 documents on a loaded 2-core machine, bench:search): far past
    // Prisma's default 5 s for a transaction, which rolled the rebuild back and failed the reindex.
    await this.client.$transaction(
      async (tx) => {
        await tx.$executeRaw`DELETE FROM "SearchLexicon"`;
        await tx.$executeRaw`
          INSERT INTO "SearchLexicon" (word)
          SELECT word FROM ts_stat($q$SELECT to_tsvector('puente_search', title || ' ' || body) FROM "SearchDocument"
            UNION ALL SELECT to_tsvector('puente_search', concat_ws(' ', labels->>'en', labels->>'es', labels->>'fr'))
            FROM (SELECT labels FROM "Category" UNION ALL SELECT labels FROM "Topic") t$q$)
          WHERE word ~ '^[[:alnum:]]{3,40}$'
          ON CONFLICT DO NOTHING`;
      },
      { timeout: LEXICON_REBUILD_TIMEOUT_MS, maxWait: LEXICON_REBUILD_TIMEOUT_MS },
    );
    // Every document now carries this lexicon's concepts: queries may name them by their lexemes.
    await this.client.$executeRaw`
      INSERT INTO "SearchIndexState" (key, value, "updatedAt") VALUES ('lexicon', ${LEXICON_VERSION}, now())
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = now()`;
    this.conceptState = undefined;
    return { count };
  }

  private async upsert(docs: SearchDoc[]) {
    // Each concept as one tsquery (its phrases' alternatives): a document matching it gets its lexeme.
    const lexicon = await this.lexiconQueries();
    const lexemes = [...lexicon.keys()].map(conceptLexeme);
    const concepts = [...lexicon.values()].map(anyOf);
    const json = JSON.stringify(
      docs.map(({ labels, ...d }) => ({
        ...d,
        labelsEn: labels.en,
        labelsEs: labels.es,
        labelsFr: labels.fr,
        postedAt: d.postedAt.toISOString().replace("Z", ""),
      })),
    );
    // One statement: documents and their new words are written together or not at all.
    await this.client.$executeRaw`
      WITH input AS (
        SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS d(
          id text, "entityType" text, "entityId" text, "organisationId" text, title text, body text,
          language text, status text, visibility text, "categoryIds" text[], "topicIds" text[],
          "countryCodes" text[], regions text[], languages text[], urgency text, "postedAt" timestamp,
          "labelsEn" text, "labelsEs" text, "labelsFr" text)
      ), concept AS MATERIALIZED (
        SELECT lexeme, q::tsquery AS q FROM unnest(${lexemes}::text[], ${concepts}::text[]) AS c(lexeme, q)
      ), up AS (
        INSERT INTO "SearchDocument" AS s (id, "entityType", "entityId", "organisationId", title, body, language,
          status, visibility, "categoryIds", "topicIds", "countryCodes", regions, languages, urgency, "postedAt",
          "facetKeys", tsv, "updatedAt")
        SELECT id, "entityType", "entityId", "organisationId", title, body, language, status, visibility,
          "categoryIds", "topicIds", "countryCodes", regions, languages, urgency, "postedAt",
          ARRAY(SELECT 'categoryIds:' || x FROM unnest("categoryIds") AS x)
            || ARRAY(SELECT 'topicIds:' || x FROM unnest("topicIds") AS x)
            || ARRAY(SELECT 'countryCodes:' || x FROM unnest("countryCodes") AS x)
            || ARRAY(SELECT 'regions:' || x FROM unnest(regions) AS x)
            || ARRAY(SELECT 'languages:' || x FROM unnest(languages) AS x)
            || ARRAY['status:' || status]
            || CASE WHEN urgency IS NULL THEN ARRAY[]::text[] ELSE ARRAY['urgency:' || urgency] END,
          b.tsv || array_to_tsvector(ARRAY(SELECT c.lexeme FROM concept c WHERE b.tsv @@ c.q)),
          now()
        FROM input,
          -- OFFSET 0: computed once per document, not once per reference (the concepts' check names it).
          LATERAL (SELECT puente_search_tsv(title, body, language, "labelsEn", "labelsEs", "labelsFr") AS tsv OFFSET 0) b
        ON CONFLICT (id) DO UPDATE SET
          "entityType" = EXCLUDED."entityType", "entityId" = EXCLUDED."entityId",
          "organisationId" = EXCLUDED."organisationId", title = EXCLUDED.title, body = EXCLUDED.body,
          language = EXCLUDED.language, status = EXCLUDED.status, visibility = EXCLUDED.visibility,
          "categoryIds" = EXCLUDED."categoryIds", "topicIds" = EXCLUDED."topicIds",
          "countryCodes" = EXCLUDED."countryCodes", regions = EXCLUDED.regions, languages = EXCLUDED.languages,
          urgency = EXCLUDED.urgency, "postedAt" = EXCLUDED."postedAt", "facetKeys" = EXCLUDED."facetKeys",
          tsv = EXCLUDED.tsv, "updatedAt" = now()
        RETURNING title, body
      )
      -- The words as written (not their stems), labels included: what a misspelt query word is corrected to.
      INSERT INTO "SearchLexicon" (word)
      SELECT DISTINCT w.lexeme FROM (
        SELECT to_tsvector('puente_search', title || ' ' || body) AS v FROM up
        UNION ALL SELECT to_tsvector('puente_search', concat_ws(' ', "labelsEn", "labelsEs", "labelsFr")) FROM input
      ) x, unnest(x.v) AS w
      WHERE w.lexeme ~ '^[[:alnum:]]{3,40}$'
      ON CONFLICT DO NOTHING`;
  }

  async query(q: SearchQuery, scope: SearchScope): Promise<SearchResult> {
    const { page, pageSize, offset } = normalisePaging(q);
    const empty = emptyResult(page, pageSize);
    const scopeSql = scopeCondition(scope);
    if (!scopeSql) return empty;

    const text = await this.textQuery(q.text);
    const tsquery = text?.match ?? null;
    const hasText = tsquery !== null;
    const sort = effectiveSort(q, hasText);
    const conditions = [scopeSql, ...filterConditions(q)];
    const others = Prisma.join(conditions, " AND ");
    const textSql = Prisma.sql`d.tsv @@ ${tsquery}::tsquery`;
    if (hasText) conditions.push(textSql);
    const where = Prisma.join(conditions, " AND ");
    const order = orderBy(sort);

    // The tsquery travels as a literal cast (tsquery input is immutable), so the planner sees a constant
    // and estimates its selectivity from the column statistics: a broad word then reads its matches
    // newest first (the RUM index, or the postedAt index) and stops after the window, a rare one uses
    // the GIN index.
    const tsq = text ? Prisma.sql`${text.marks}::tsquery` : Prisma.sql`NULL::tsquery`;
    const newest = await this.newestFirst(tsquery, q, scope);
    const [row] = await this.readSteered<QueryRow>(
      Prisma.sql`
      WITH ${newestMatches(
        Prisma.sql`d.id, d."facetKeys", d.urgency, d."postedAt", ${hasText ? Prisma.sql`d.tsv` : Prisma.sql`NULL::tsvector AS tsv`}`,
        where,
        newest.order,
        this.window + 1,
        newest.walk ? { others, text: textSql } : null,
      )},
      -- Ranked here, not above: only the window's rows, not every match the sort had to look at.
      m AS MATERIALIZED (
        SELECT id, "facetKeys", urgency, "postedAt", ${hasText ? Prisma.sql`ts_rank(tsv, ${tsq})` : Prisma.sql`0::real`} AS rank
        FROM hit ORDER BY "postedAt" DESC, id LIMIT ${this.window}
      ),
      page AS (
        SELECT m.id, row_number() OVER (ORDER BY ${order}) AS ord FROM m ORDER BY ${order} LIMIT ${pageSize} OFFSET ${offset}
      ),
      -- unnest in the select list (ProjectSet) rather than as a lateral function scan: half the time.
      facet AS (SELECT k, count(*)::int AS c FROM (SELECT unnest("facetKeys") AS k FROM m) keys GROUP BY k)
      SELECT
        (SELECT count(*)::int FROM hit) AS total,
        (SELECT coalesce(jsonb_object_agg(k, c), '{}'::jsonb) FROM facet) AS facets,
        (SELECT coalesce(jsonb_agg(jsonb_build_object(
            'id', d.id, 'entityType', d."entityType", 'entityId', d."entityId", 'title', d.title, 'body', d.body,
            'language', d.language, 'status', d.status, 'categoryIds', d."categoryIds", 'topicIds', d."topicIds",
            'countryCodes', d."countryCodes", 'regions', d.regions, 'languages', d.languages, 'urgency', d.urgency,
            'postedAt', d."postedAt",
            'titleMarked', ${hasText ? headline("title", tsq) : Prisma.sql`NULL::text`},
            'bodyMarked', ${hasText ? headline("body", tsq) : Prisma.sql`NULL::text`}
          ) ORDER BY page.ord), '[]'::jsonb)
         FROM page JOIN "SearchDocument" d ON d.id = page.id) AS hits`,
      newest.settings,
    );

    const facets: SearchFacets = emptyFacets();
    for (const [key, count] of Object.entries(row.facets)) {
      const colon = key.indexOf(":");
      const field = key.slice(0, colon) as FacetField;
      if (field in facets) facets[field][key.slice(colon + 1)] = count;
    }
    const exhaustive = row.total <= this.window;
    return {
      total: exhaustive ? row.total : this.window,
      exhaustive,
      page,
      pageSize,
      facets,
      hits: row.hits.map(({ body, titleMarked, bodyMarked, postedAt, ...hit }) => ({
        ...hit,
        postedAt: new Date(`${postedAt}Z`),
        titleHtml: markedToHtml(titleMarked ?? hit.title),
        snippet: bodyMarked ? markedToHtml(bodyMarked) : leadSnippet(body),
      })),
    };
  }

  async matchingIds(q: MatchQuery, scope: SearchScope): Promise<string[]> {
    const scopeSql = scopeCondition(scope);
    if (!scopeSql) return [];
    const tsquery = (await this.textQuery(q.text))?.match ?? null;
    const conditions = [scopeSql, ...filterConditions(q)];
    const others = Prisma.join(conditions, " AND ");
    const textSql = Prisma.sql`d.tsv @@ ${tsquery}::tsquery`;
    if (tsquery !== null) conditions.push(textSql);
    const newest = await this.newestFirst(tsquery, q, scope);
    const rows = await this.readSteered<{ entityId: string }>(
      Prisma.sql`
      WITH ${newestMatches(Prisma.sql`d.id, d."entityId", d."postedAt"`, Prisma.join(conditions, " AND "), newest.order, Math.min(this.window, MAX_MATCHES), newest.walk ? { others, text: textSql } : null)}
      SELECT m."entityId" FROM hit m ORDER BY m."postedAt" DESC, m.id LIMIT ${Math.min(this.window, MAX_MATCHES)}`,
      newest.settings,
    );
    return rows.map((r) => r.entityId);
  }

  async textMatch(q: { text: string; entityType: SearchEntityType }, scope: SearchScope): Promise<TextMatch> {
    // The scope is the board's own visibility SQL; the tsquery alone decides the text.
    void scope;
    const text = await this.textQuery(q.text);
    return text === null ? { kind: "none" } : { kind: "tsquery", tsquery: text.match };
  }

  async highlight(
    q: { text: string; entityType: SearchEntityType },
    entityIds: string[],
    scope: SearchScope,
  ): Promise<Map<string, Highlight>> {
    const out = new Map<string, Highlight>();
    const scopeSql = scopeCondition(scope);
    if (!scopeSql || entityIds.length === 0) return out;
    const text = await this.textQuery(q.text);
    if (text === null) return out;
    const tsq = Prisma.sql`${text.marks}::tsquery`;
    const rows = await this.read<{
      entityId: string;
      body: string;
      titleMarked: string;
      bodyMarked: string;
    }>(Prisma.sql`
      SELECT d."entityId", d.body,
        ${headline("title", tsq)} AS "titleMarked", ${headline("body", tsq)} AS "bodyMarked"
      FROM "SearchDocument" d
      WHERE d."entityType" = ${q.entityType} AND d."entityId" = ANY(${entityIds.slice(0, MAX_PAGE_SIZE)}::text[])
        AND ${scopeSql} AND d.tsv @@ ${tsq}`);
    for (const r of rows) {
      out.set(r.entityId, {
        titleHtml: markedToHtml(r.titleMarked),
        // Words found only in the title: the body's start reads better than a fragment picked at random.
        snippet: r.bodyMarked.includes(MARK_START) ? markedToHtml(r.bodyMarked) : leadSnippet(r.body, 280),
      });
    }
    return out;
  }

  /** The text's tsqueries (see TextQuery); null when it has no words. */
  private async textQuery(text: string | undefined): Promise<TextQuery | null> {
    const [built, indexed] = await Promise.all([this.tsQueryFor(text), this.conceptsIndexed()]);
    return built && { match: indexed ? built.compact : built.full, marks: built.full };
  }

  /** Whether every document carries this code's lexicon concepts (see LEXICON_VERSION). */
  private conceptsIndexed(): Promise<boolean> {
    if (!this.concepts) return Promise.resolve(false);
    const now = Date.now();
    if (this.conceptState && now - this.conceptState.at < CONCEPT_STATE_TTL_MS)
      return this.conceptState.indexed;
    const indexed = this.read<{ value: string }>(
      Prisma.sql`SELECT value FROM "SearchIndexState" WHERE key = 'lexicon'`,
    ).then(
      ([row]) => row?.value === LEXICON_VERSION,
      () => false,
    );
    this.conceptState = { at: now, indexed };
    return indexed;
  }

  /**
   * buildTsQuery, remembered for a short while per text: a board's search asks for the matches and then
   * for the marks on the page, and people page through the same search. New words reach the lexicon
   * with indexing, so a correction may lag by up to TSQUERY_TTL_MS.
   */
  private tsQueryFor(text: string | undefined): Promise<BuiltTsQuery | null> {
    const tokens = queryTokens(text);
    const key = tokens.join(" ");
    const now = Date.now();
    const hit = this.tsQueries.get(key);
    if (hit && now - hit.at < this.tsQueryTtlMs) return hit.tsquery;
    if (this.tsQueries.size >= 1_000) this.tsQueries.clear();
    const tsquery = this.buildTsQuery(tokens);
    this.tsQueries.set(key, { at: now, tsquery });
    tsquery.catch(() => this.tsQueries.delete(key));
    return tsquery;
  }

  /**
   * The lexicon's phrases as tsquery text, each stemmed in its own language and unaccented, plus its words
   * as written (documents in other languages are indexed unstemmed): group → alternatives. Read once.
   */
  private lexiconQueries(): Promise<Map<number, string[]>> {
    this.lexicon ??= this.read<{ group: number; stemmed: string; plain: string }>(
      Prisma.sql`
      SELECT p.grp::int AS "group",
        puente_unaccent(plainto_tsquery(puente_text_config(p.lang), p.txt)::text) AS stemmed,
        -- As written, without the phrase language's stop words ("ley de agentes extranjeros" → ley &
        -- agentes & extranjeros): "de", "la", "des" are in most documents of their language, and each
        -- alternative naming one made the index read that word's whole posting list for every search.
        plainto_tsquery('puente_search', (SELECT string_agg(x.token, ' ') FROM ts_debug(puente_text_config(p.lang), p.txt) x
          WHERE x.lexemes <> '{}' AND x.alias NOT LIKE 'hword%part'))::text AS plain
      FROM unnest(${LEXICON_PHRASES.map((x) => x.group)}::int[], ${LEXICON_PHRASES.map((x) => x.language)}::text[],
        ${LEXICON_PHRASES.map((x) => x.text)}::text[]) AS p(grp, lang, txt)`,
    ).then(
      (rows) => {
        const byGroup = new Map<number, string[]>();
        for (const r of rows) {
          const alts = byGroup.get(r.group) ?? [];
          for (const q of [r.stemmed, r.plain]) if (q.trim() && !alts.includes(q)) alts.push(q);
          // A group whose phrases are all stop words has no alternatives, and so no lexeme either.
          if (alts.length) byGroup.set(r.group, alts);
        }
        return byGroup;
      },
      (error: unknown) => {
        this.lexicon = undefined;
        throw error;
      },
    );
    return this.lexicon;
  }

  /**
   * Turns the query words into a tsquery string. Each word matches as written (unaccented; the last one
   * also as a prefix), through its stems in English, Spanish and French (documents are stemmed in their
   * own language), and, when the index does not know it, through its nearest indexed words (typos).
   * A run of words that names a lexicon concept also matches that concept in the other languages; its
   * alternatives that another one covers are left out (same matches, a tsquery half as long: ADR 0012).
   * Returns null when there is nothing to search for (no words); see BuiltTsQuery and LEXICON_VERSION.
   */
  private async buildTsQuery(tokens: string[]): Promise<BuiltTsQuery | null> {
    if (tokens.length === 0) return null;
    const last = tokens.length;
    const [rows, lexicon] = await Promise.all([
      this.read<LexiconRow>(Prisma.sql`
      SELECT t.ord::int AS ord, t.norm,
        EXISTS (SELECT 1 FROM "SearchLexicon" l WHERE l.word = t.norm) AS exact,
        (t.ord = ${last} AND length(t.norm) >= 3
          AND EXISTS (SELECT 1 FROM "SearchLexicon" l WHERE l.word LIKE t.norm || '%')) AS prefixed,
        CASE WHEN length(t.norm) >= ${5} AND NOT EXISTS (SELECT 1 FROM "SearchLexicon" l WHERE l.word = t.norm)
          THEN ARRAY(SELECT l.word FROM "SearchLexicon" l ORDER BY l.word <-> t.norm LIMIT ${NEIGHBOURS}) END AS near,
        ARRAY(SELECT DISTINCT puente_unaccent(s) FROM unnest(
            coalesce(ts_lexize('english_stem', t.tok), '{}') || coalesce(ts_lexize('spanish_stem', t.tok), '{}')
            || coalesce(ts_lexize('french_stem', t.tok), '{}') || coalesce(ts_lexize('english_stem', t.norm), '{}')
            || coalesce(ts_lexize('spanish_stem', t.norm), '{}') || coalesce(ts_lexize('french_stem', t.norm), '{}')) s
          WHERE puente_unaccent(s) <> t.norm) AS stems
      FROM (SELECT u.ord, u.tok, puente_unaccent(u.tok) AS norm FROM unnest(${tokens}::text[]) WITH ORDINALITY AS u(tok, ord)) t
      ORDER BY t.ord`),
      this.lexiconQueries(),
    ]);
    const word = (w: string) => /^[\p{L}\p{N}]+$/u.test(w);
    const termOf = new Map<number, string>();
    const bestCorrection = new Map<number, string>();
    for (const row of rows) {
      const norm = row.norm.replace(/[^\p{L}\p{N}]/gu, "");
      if (!norm) continue;
      const isLast = row.ord === last;
      const self = isLast && norm.length >= 3 ? `'${norm}':*` : `'${norm}'`;
      const stems = row.stems.filter(word).map((w) => `'${w}'`);
      let corrections: string[] = [];
      if (!row.exact && !row.prefixed && row.near) {
        const max = allowedTypos(norm);
        corrections = row.near
          .filter((w) => word(w) && editDistance(norm, w, max) <= max)
          .slice(0, MAX_CORRECTIONS)
          .map((w) => `'${w}'`);
        if (corrections[0]) bestCorrection.set(row.ord - 1, corrections[0].slice(1, -1));
      }
      const alts = [...new Set([self, ...stems, ...corrections])];
      termOf.set(row.ord - 1, alts.length > 1 ? `(${alts.join(" | ")})` : self);
    }
    // A misspelt word names a lexicon concept through its nearest indexed word ("spywre" → spyware).
    const effective = tokens.map((t, i) => bestCorrection.get(i) ?? t);
    const terms: string[] = [];
    const compact: string[] = [];
    const spans = lexiconSpans(effective);
    let i = 0;
    while (i < tokens.length) {
      const span = spans.find((s) => s.start === i);
      if (!span) {
        const t = termOf.get(i);
        if (t) {
          terms.push(t);
          compact.push(t);
        }
        i++;
        continue;
      }
      const own = [];
      for (let j = span.start; j < span.end; j++) if (termOf.has(j)) own.push(termOf.get(j)!);
      const alts = [own.join(" & "), ...span.groups.flatMap((g) => lexicon.get(g) ?? [])].filter(Boolean);
      const unique = withoutImpliedAlternatives([...new Set(alts)]);
      if (unique.length) terms.push(`(${anyOf(unique)})`);
      const named = span.groups.filter((g) => lexicon.has(g)).map((g) => `'${conceptLexeme(g)}'`);
      const short = [own.join(" & "), ...named].filter(Boolean);
      if (short.length) compact.push(`(${anyOf(short)})`);
      i = span.end;
    }
    return terms.length ? { compact: compact.join(" & "), full: terms.join(" & ") } : null;
  }
}

/** The walk (see NewestFirstPlan): the postedAt index read backwards is then the only plan left. */
const WALK_SETTINGS = "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off";
const ORDERED_SETTINGS = "SET LOCAL enable_bitmapscan = off";

/**
 * The share of documents a tsquery (as buildTsQuery writes it: quoted lexemes, optionally prefixes,
 * `&`, `|`, `!`, parentheses) matches, estimated as PostgreSQL's planner does (tsquery_opr_selec): a
 * lexeme's share from the column's most common elements, one not among them half the least share, a
 * prefix the sum of the lexemes it starts; `|` as independent alternatives, `&` multiplied, as the
 * planner does (words that go together match more: the estimate runs low for them). Null when the text
 * cannot be read.
 */
export function estimatedShare(tsquery: string, stats: TermStats): number | null {
  const tokens = tsquery.match(/'(?:[^']|'')*'(?::[A-D]*\*?[A-D]*)?|[()&|!]/g);
  if (!tokens) return null;
  let at = 0;
  const lexeme = (token: string): number => {
    const close = token.lastIndexOf("'");
    const text = token.slice(1, close).replace(/''/g, "'");
    if (!token.slice(close).includes("*")) return stats.shares.get(text) ?? stats.rare / 2;
    let sum = 0;
    for (const [word, share] of stats.shares) if (word.startsWith(text)) sum += share;
    return Math.min(1, Math.max(sum, stats.rare / 2));
  };
  const unary = (): number => {
    const token = tokens[at++];
    if (token === "!") return 1 - unary();
    if (token === "(") {
      const inner = either();
      if (tokens[at++] !== ")") throw new Error("unbalanced tsquery");
      return inner;
    }
    if (token?.startsWith("'")) return lexeme(token);
    throw new Error("unexpected tsquery token");
  };
  const both = (): number => {
    let share = unary();
    while (tokens[at] === "&") {
      at++;
      const other = unary();
      share *= other;
    }
    return share;
  };
  const either = (): number => {
    let share = both();
    while (tokens[at] === "|") {
      at++;
      const other = both();
      share = share + other - share * other;
    }
    return share;
  };
  try {
    const share = either();
    return at === tokens.length ? share : null;
  } catch {
    return null;
  }
}

/**
 * A document's title (all of it) or body (its best fragments) with the query's words between the mark
 * characters; angle brackets are swapped out first so markedToHtml can escape the text safely. Words found
 * through their stems are marked too ("asociaciones" marks "asociación"): `puente_headline` keeps the
 * headline with the most marks among the words as written and the document language's two stemmings
 * (migration 20261207132901_search_stemmed_headlines).
 */
function headline(column: "title" | "body", tsq: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`puente_headline(d.language, translate(d.${Prisma.raw(column)}, '<>', ${ANGLE_OPEN + ANGLE_CLOSE}), ${tsq}, ${column === "title" ? TITLE_HEADLINE : BODY_HEADLINE}, ${MARK_START})`;
}

/**
 * The CTE `hit`: at least the newest `limit` rows matching `where` (newest first by postedAt, then id),
 * for the caller to sort and cut. The RUM index hands out documents posted at the same instant in any
 * order, so the `limit` rows read through it may hold the wrong ones of those posted at the last
 * instant; every match posted at that instant is added (a postedAt index lookup of a few rows), so the
 * caller's cut by (postedAt, id) is the true window. The walk's order (postedAt alone) ties the same way.
 *
 * The walk (`walk`: the text's condition, apart from the others in `where`) reads documents newest first,
 * keeps those that pass the scope and filters (cheap columns) and only then reads each one's tsvector,
 * once: the copy made there (`|| ''`, an unchanged tsvector out of TOAST) is what the text is checked
 * against and what ranking reads afterwards, instead of fetching it from TOAST a second time.
 */
function newestMatches(
  columns: Prisma.Sql,
  where: Prisma.Sql,
  order: Prisma.Sql,
  limit: number,
  walk: { others: Prisma.Sql; text: Prisma.Sql } | null = null,
): Prisma.Sql {
  const first = walk
    ? Prisma.sql`SELECT ${columns} FROM (
          SELECT d.id, d."entityId", d."facetKeys", d.urgency, d."postedAt", d.tsv || ''::tsvector AS tsv
          FROM "SearchDocument" d WHERE ${walk.others} ORDER BY d."postedAt" DESC OFFSET 0
        ) d WHERE ${walk.text} ORDER BY d."postedAt" DESC LIMIT ${limit}`
    : Prisma.sql`SELECT ${columns} FROM "SearchDocument" d WHERE ${where} ORDER BY ${order} LIMIT ${limit}`;
  return Prisma.sql`first AS MATERIALIZED (
        ${first}
      ),
      hit AS MATERIALIZED (
        SELECT * FROM first
        UNION ALL
        SELECT ${columns} FROM "SearchDocument" d
        WHERE (SELECT count(*) FROM first) = ${limit}
          AND d."postedAt" = (SELECT min("postedAt") FROM first)
          AND d.id <> ALL (ARRAY(SELECT id FROM first))
          AND ${where}
      )`;
}

/** The viewer's scope (policy.searchScope) as SQL; null when nothing is visible. */
function scopeCondition(scope: SearchScope): Prisma.Sql | null {
  if (scope.kind === "none") return null;
  if (scope.kind === "all") return Prisma.sql`TRUE`;
  const parts: Prisma.Sql[] = [];
  if (scope.ownOrganisationIds.length)
    parts.push(Prisma.sql`d."organisationId" = ANY(${scope.ownOrganisationIds}::text[])`);
  if (scope.needStatuses?.length) {
    parts.push(
      Prisma.sql`(d."entityType" = 'need' AND d.visibility = 'network' AND d.status = ANY(${scope.needStatuses}::text[]))`,
    );
  }
  if (scope.offerStatuses?.length) {
    parts.push(
      Prisma.sql`(d."entityType" = 'offer' AND d.visibility = 'network' AND d.status = ANY(${scope.offerStatuses}::text[]))`,
    );
  }
  if (scope.extraNeedIds.length) {
    parts.push(Prisma.sql`(d."entityType" = 'need' AND d."entityId" = ANY(${scope.extraNeedIds}::text[]))`);
  }
  if (scope.resourceVisibilities.length) {
    parts.push(
      Prisma.sql`(d."entityType" = 'resource' AND d.status = 'published' AND d.visibility = ANY(${scope.resourceVisibilities}::text[]))`,
    );
  }
  if (parts.length === 0) return null;
  return Prisma.sql`(${Prisma.join(parts, " OR ")})`;
}

function filterConditions(q: MatchQuery): Prisma.Sql[] {
  const f = q.filters ?? {};
  const out: Prisma.Sql[] = [];
  if (q.entityType) out.push(Prisma.sql`d."entityType" = ${q.entityType}`);
  // Array attributes: "any of" through the GIN-indexed overlap operator.
  const arrays = [
    ["categoryIds", f.categoryIds],
    ["topicIds", f.topicIds],
    ["languages", f.languages],
  ] as const;
  for (const [column, values] of arrays) {
    if (values?.length) out.push(Prisma.sql`d.${Prisma.raw(`"${column}"`)} && ${[...values]}::text[]`);
  }
  // Places: an offer also covers its regions' countries, and every place when global (needs never list "global").
  // The offers' arm only where offers can be in the answer: for needs or resources alone it can never
  // hold, and its OR kept the planner from reading the country's GIN index by itself (a broad text then
  // read all its matches through RUM; ADR 0012).
  if (f.countryCodes?.length) {
    const named = Prisma.sql`d."countryCodes" && ${[...f.countryCodes]}::text[]`;
    out.push(
      q.entityType && q.entityType !== "offer"
        ? named
        : Prisma.sql`(${named} OR (d."entityType" = 'offer' AND d.regions && ${coverageRegionsFor(f.countryCodes)}::text[]))`,
    );
  }
  if (f.regions?.length) out.push(Prisma.sql`d.regions && ${[...f.regions, GLOBAL_COVERAGE]}::text[]`);
  if (f.urgency?.length) out.push(Prisma.sql`d.urgency = ANY(${f.urgency}::text[])`);
  if (f.status?.length) out.push(Prisma.sql`d.status = ANY(${f.status}::text[])`);
  // Timestamps are stored as UTC without zone (Prisma's convention): compare with the UTC wall time.
  if (f.postedAfter)
    out.push(Prisma.sql`d."postedAt" >= ${f.postedAfter.toISOString().replace("Z", "")}::timestamp`);
  if (f.postedBefore)
    out.push(Prisma.sql`d."postedAt" < ${f.postedBefore.toISOString().replace("Z", "")}::timestamp`);
  return out;
}

function orderBy(sort: SearchSort): Prisma.Sql {
  switch (sort) {
    case "relevance":
      return Prisma.sql`m.rank DESC, m."postedAt" DESC, m.id`;
    case "urgency":
      return Prisma.sql`CASE m.urgency WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, m."postedAt" DESC, m.id`;
    case "newest":
      return Prisma.sql`m."postedAt" DESC, m.id`;
  }
}
