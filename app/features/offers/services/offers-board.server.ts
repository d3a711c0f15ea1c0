// The offers board: the same treatment as the needs board (issue 18). Filters, text, facet counts, the
// total, the sort and the page are computed together by PostgreSQL over "Offer", in one statement per
// request: nothing is copied into process memory, filters and text are applied before anything is cut,
// and the work is bounded whatever the size of the network — the total is counted up to COUNT_LIMIT
// ("more than 1,000"; the pager goes on while a next page exists, so every match stays on its page),
// facets over the newest FACET_WINDOW offers that fail at most one filter (lower bounds past it, "12+"),
// newest first from the posting-time index. Who sees what is the policy's `visibleOffersSql` (its SQL form,
// checked against `visibleOffersWhere`); each row of the page is checked again with `offerAccess`.
// Country and region filters follow coverage: an offer covers a country directly, through the country's
// region, or globally. Remaining capacity comes from one batched query for the page.
import { isPeerOffer, offerAccess, ownOrganisationIds, type Viewer } from "~/features/auth/policy";
import { coversCountrySql, visibleOffersSql } from "~/features/auth/policy-sql.server";
import { regionOf } from "~/features/taxonomy/reference-data";
import {
  boundedBoardAnswer,
  COUNT_LIMIT,
  FACET_WINDOW,
  postedWindows,
  type BoundedBoardRow,
} from "~/features/boards/board-params";
import { cardTextSql } from "~/features/boards/card-text.server";
import { Prisma } from "~/generated/prisma/client";
import type {
  OfferStatus,
  OrganisationKind,
  PeerOfferKind,
  Region,
  VettingLevel,
} from "~/generated/prisma/enums";
import { getSearchIndex, loadSearchScope, textSql } from "~/features/search/index.server";
import { sqlRows } from "~/utils/sql.server";
import { OFFERS_PAGE_SIZE, type OfferBoardParams } from "../board-params";
import { loadOfferCapacities } from "./capacity.server";
import { pageCount } from "~/utils/pagination";

export { parseOfferBoardParams, type OfferBoardParams } from "../board-params";
export { COUNT_LIMIT, FACET_WINDOW, OFFERS_PAGE_SIZE };

type OfferFacetCounts = {
  category: Record<string, number>;
  topic: Record<string, number>;
  country: Record<string, number>;
  region: Record<string, number>;
  language: Record<string, number>;
  status: Record<string, number>;
  posted: Record<string, number>;
};

type FilterKey = keyof OfferFacetCounts;

const sql = Prisma.sql;

/** The policy's `visibleOffersWhere` in SQL (checked against it in tests/offers/board.test.ts). */
export { visibleOffersSql };

const postedAt = sql`COALESCE(o."publishedAt", o."createdAt")`;
const DAY = 86_400_000;
/** Timestamps are stored as UTC without zone (Prisma's convention): compare with the UTC wall time. */
const utc = (d: Date) => d.toISOString().replace("Z", "");

/** Which offers the board considers before its filters: the viewer's visible ones, "mine", and the text. */
async function scopeSql(viewer: Viewer, p: OfferBoardParams, mine: boolean): Promise<Prisma.Sql> {
  const parts = [visibleOffersSql(viewer)];
  parts.push(
    mine ? sql`o."organisationId" = ANY(${ownOrganisationIds(viewer)}::text[])` : sql`o.status <> 'draft'`,
  );
  if (p.q) {
    if (mine) {
      // Own offers whose title or description contains the text (drafts are not in the search index).
      const like = `%${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      parts.push(sql`(o.title ILIKE ${like} OR o.description ILIKE ${like})`);
    } else {
      parts.push(await textSql(viewer, p.q, "offer"));
    }
  }
  return Prisma.join(parts, " AND ");
}

/** Each filter of the parameters as SQL (TRUE when not set), keyed by its facet; enums compared as enums. */
function filterSql(p: OfferBoardParams, now: Date): Record<FilterKey, Prisma.Sql> {
  const t = sql`TRUE`;
  const countryRegion = p.country ? regionOf(p.country) : undefined;
  return {
    category: p.category ? sql`o."categoryIds" @> ARRAY[${p.category}]::text[]` : t,
    topic: p.topic ? sql`o."topicIds" @> ARRAY[${p.topic}]::text[]` : t,
    country: p.country ? coversCountrySql("o", sql`${p.country}`, sql`${countryRegion ?? null}`) : t,
    region: p.region ? sql`(o."coverageGlobal" OR o."coverageRegions" @> ARRAY[${p.region}]::"Region"[])` : t,
    language: p.language ? sql`o.languages @> ARRAY[${p.language}]::text[]` : t,
    status: p.status ? sql`o.status = ${p.status}::"OfferStatus"` : t,
    posted: p.posted
      ? sql`${postedAt} >= ${utc(new Date(now.getTime() - Number(p.posted) * DAY))}::timestamp`
      : t,
  };
}

/**
 * The facets' counts (each facet counted with every filter but its own, so one can switch values), over
 * the newest FACET_WINDOW offers that fail at most one filter: SQL common table expressions "base" and
 * "facet" (facet, value, n).
 */
function facetSql(
  scope: Prisma.Sql,
  f: Record<FilterKey, Prisma.Sql>,
  p: OfferBoardParams,
  now: Date,
): Prisma.Sql {
  const keys = Object.keys(f) as FilterKey[];
  const active = keys.filter((k) => p[k] !== undefined);
  const except = (k: FilterKey) =>
    Prisma.join(
      keys.filter((x) => x !== k).map((x) => sql`f_${Prisma.raw(x)}`),
      " AND ",
    );
  const failing = active.length
    ? sql`(${Prisma.join(
        active.map((k) => sql`(NOT (${f[k]}))::int`),
        " + ",
      )}) <= 1`
    : sql`TRUE`;
  return sql`
    base AS MATERIALIZED (
      SELECT o."categoryIds" AS categories, o."topicIds" AS topics, o."coverageCountries" AS countries,
             o."coverageRegions"::text[] AS regions, o."coverageGlobal" AS global, o.languages,
             o.status::text AS status, ${postedAt} AS posted_at,
             ${f.category} AS f_category, ${f.topic} AS f_topic, ${f.country} AS f_country, ${f.region} AS f_region,
             ${f.language} AS f_language, ${f.status} AS f_status, ${f.posted} AS f_posted
      FROM "Offer" o
      WHERE ${scope} AND ${failing}
      ORDER BY ${postedAt} DESC, o.id DESC
      LIMIT ${FACET_WINDOW + 1}
    ),
    facet AS (
      SELECT 'category' AS facet, x AS value, count(*)::int AS n FROM base, unnest(categories) x WHERE ${except("category")} GROUP BY x
      UNION ALL SELECT 'topic', x, count(*)::int FROM base, unnest(topics) x WHERE ${except("topic")} GROUP BY x
      UNION ALL SELECT 'country', x, count(*)::int FROM base, unnest(countries) x WHERE ${except("country")} GROUP BY x
      UNION ALL SELECT 'region', x, count(*)::int
        FROM base, unnest(regions || CASE WHEN global THEN ARRAY['global'] ELSE ARRAY[]::text[] END) x
        WHERE ${except("region")} GROUP BY x
      UNION ALL SELECT 'language', x, count(*)::int FROM base, unnest(languages) x WHERE ${except("language")} GROUP BY x
      UNION ALL SELECT 'status', status, count(*)::int FROM base WHERE ${except("status")} GROUP BY status
      UNION ALL SELECT 'posted', w::text, count(*) FILTER (WHERE posted_at >= ${utc(now)}::timestamp - make_interval(days => w))::int
        FROM base, unnest(${postedWindows.map(Number)}::int[]) w WHERE ${except("posted")} GROUP BY w
    )`;
}

function orderSql(sort: OfferBoardParams["sort"]) {
  switch (sort) {
    case "oldest":
      return sql`${postedAt} ASC, o.id ASC`;
    case "capacity":
      return sql`o."hoursPerMonth" DESC, ${postedAt} DESC, o.id DESC`;
    case "response_time":
      return sql`o."responseTimeDays" ASC, ${postedAt} DESC, o.id DESC`;
    default:
      return sql`${postedAt} DESC, o.id DESC`;
  }
}

/** An offer of the page as the statement returns it: what a card shows and the policy needs, no more. */
type PageOffer = {
  id: string;
  organisationId: string;
  title: string;
  /** The description, cut to what a card shows. */
  description: string;
  contentLanguage: string;
  categoryIds: string[];
  coverageGlobal: boolean;
  coverageCountries: string[];
  coverageRegions: Region[];
  languages: string[];
  hoursPerMonth: number;
  maxConcurrent: number;
  peerKinds: PeerOfferKind[];
  status: OfferStatus;
  organisationName: string;
  organisationKind: OrganisationKind;
  vettingLevel: VettingLevel;
};

type BoardRow = BoundedBoardRow<FilterKey, PageOffer>;

/**
 * One page of the board with its total and facet counts, in one statement. `total` is exact up to
 * COUNT_LIMIT (`bounded` past it); facets are exact unless `facetsBounded`.
 */
async function boardQuery(viewer: Viewer, p: OfferBoardParams, mine: boolean, now: Date) {
  const scope = await scopeSql(viewer, p, mine);
  const f = filterSql(p, now);
  const all = Prisma.join(Object.values(f), " AND ");
  const [row] = await sqlRows<BoardRow>(sql`
    WITH ${facetSql(scope, f, p, now)},
    matches AS (SELECT 1 FROM "Offer" o WHERE ${scope} AND ${all} LIMIT ${COUNT_LIMIT + 1}),
    page AS (
      SELECT o.id, o."organisationId", o.title,
             ${cardTextSql(sql`o.description`)} AS description,
             o."contentLanguage", o."categoryIds", o."coverageGlobal", o."coverageCountries", o."coverageRegions",
             o.languages, o."hoursPerMonth", o."maxConcurrent", o."peerKinds", o.status,
             row_number() OVER (ORDER BY ${orderSql(p.sort)}) AS ord
      FROM "Offer" o
      WHERE ${scope} AND ${all}
      ORDER BY ${orderSql(p.sort)}
      LIMIT ${OFFERS_PAGE_SIZE + 1} OFFSET ${(p.page - 1) * OFFERS_PAGE_SIZE}
    )
    SELECT
      (SELECT count(*)::int FROM matches) AS total,
      (SELECT count(*)::int FROM base) AS "window",
      (SELECT json_agg(json_build_object('facet', facet, 'value', value, 'n', n)) FROM facet) AS facets,
      (SELECT json_agg(to_jsonb(page) - 'ord' || jsonb_build_object(
          'organisationName', org.name, 'organisationKind', org.kind, 'vettingLevel', org."vettingLevel")
          ORDER BY page.ord)
        FROM page JOIN "Organisation" org ON org.id = page."organisationId") AS page`);
  const facets: OfferFacetCounts = {
    category: {},
    topic: {},
    country: {},
    region: {},
    language: {},
    status: {},
    posted: {},
  };
  return boundedBoardAnswer(row, facets, OFFERS_PAGE_SIZE);
}

/**
 * The ids of one page of the board, its total and facet counts (exported for the tests, which compare
 * them with a brute-force answer). `total` is exact up to COUNT_LIMIT, `bounded` past it.
 */
export async function offersBoardPage(viewer: Viewer, p: OfferBoardParams, options: { mine?: boolean } = {}) {
  const { rows, hasNext, ...rest } = await boardQuery(viewer, p, !!options.mine, new Date());
  return { ids: rows.map((r) => r.id), hasNext, ...rest };
}

export async function loadOffersBoard(
  viewer: Viewer,
  params: OfferBoardParams,
  options: { mine?: boolean } = {},
) {
  const mine = !!options.mine;
  const pageSize = OFFERS_PAGE_SIZE;
  const board = await boardQuery(viewer, params, mine, new Date());
  const ids = board.rows.map((r) => r.id);
  // With search text, each card shows where the words matched (drafts, under "My offers", are not indexed).
  // Asked for alongside the capacities: each extra round trip waits for a busy event loop under load.
  const [capacities, marks] = await Promise.all([
    loadOfferCapacities(board.rows),
    params.q && !mine && ids.length
      ? loadSearchScope(viewer).then((scope) =>
          getSearchIndex().highlight({ text: params.q!, entityType: "offer" }, ids, scope),
        )
      : Promise.resolve(null),
  ]);
  const items = board.rows.flatMap(({ organisationName, organisationKind, ...offer }) => {
    const access = offerAccess(viewer, offer);
    if (access === "none") return [];
    return [
      {
        id: offer.id,
        title: offer.title,
        description: offer.description,
        contentLanguage: offer.contentLanguage,
        categoryIds: offer.categoryIds,
        coverageGlobal: offer.coverageGlobal,
        coverageCountries: offer.coverageCountries,
        coverageRegions: offer.coverageRegions,
        languages: offer.languages,
        peerKinds: offer.peerKinds,
        status: offer.status,
        vettingLevel: offer.vettingLevel,
        organisationName,
        // A coalition's offer is a peer offer, labelled as such on the board.
        peer: isPeerOffer({ kind: organisationKind }),
        capacity: capacities.get(offer.id)!,
        highlight: marks?.get(offer.id) ?? null,
      },
    ];
  });
  // Past COUNT_LIMIT the number of pages is unknown: the pager goes on while a next page exists.
  const known = pageCount(board.total, pageSize);
  return {
    items,
    total: board.total,
    bounded: board.bounded,
    facets: board.facets,
    facetsBounded: board.facetsBounded,
    page: params.page,
    pageSize,
    pages: board.bounded ? Math.max(known, params.page + (board.hasNext ? 1 : 0)) : known,
  };
}
