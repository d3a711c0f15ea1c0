// The offers board: same shape as the needs board (URL filters, facet counts with every other filter in
// one SQL query, rows re-read through the policy's `visibleOffersWhere`), plus remaining capacity per offer
// from one batched query. Country and region filters follow coverage: an offer covers a country directly,
// through the country's region, or globally.
import { isPeerOffer, offerAccess, ownOrganisationIds, type Viewer } from "~/features/auth/policy";
import { coversCountrySql, visibleOffersSql } from "~/features/auth/policy-sql.server";
import { regionOf } from "~/features/taxonomy/reference-data";
import { Prisma } from "~/generated/prisma/client";
import type { OrganisationKind, VettingLevel } from "~/generated/prisma/enums";
import { getSearchIndex, loadSearchScope, textSql } from "~/features/search/index.server";
import { sqlRows } from "~/utils/sql.server";
import { OFFERS_PAGE_SIZE, type OfferBoardParams } from "../board-params";
import { loadOfferCapacities } from "./capacity.server";
import { pageCount } from "~/utils/pagination";

export { parseOfferBoardParams, type OfferBoardParams } from "../board-params";

type OfferFacetCounts = {
  category: Record<string, number>;
  topic: Record<string, number>;
  country: Record<string, number>;
  region: Record<string, number>;
  language: Record<string, number>;
  status: Record<string, number>;
  posted: Record<string, number>;
};

const sql = Prisma.sql;

/** The policy's `visibleOffersWhere` in SQL (checked against it in tests/offers/board.test.ts). */
export { visibleOffersSql };

const postedAt = sql`COALESCE(o."publishedAt", o."createdAt")`;

function scopeSql(viewer: Viewer, mine: boolean, q: string | undefined, text?: Prisma.Sql) {
  const parts = [visibleOffersSql(viewer)];
  if (mine) parts.push(sql`o."organisationId" = ANY(${ownOrganisationIds(viewer)}::text[])`);
  else parts.push(sql`o.status <> 'draft'`);
  if (q !== undefined) {
    if (mine) {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      parts.push(sql`(o.title ILIKE ${like} OR o.description ILIKE ${like})`);
    } else {
      parts.push(text ?? sql`FALSE`);
    }
  }
  return Prisma.join(parts, " AND ");
}

function filterSql(p: OfferBoardParams) {
  const t = sql`TRUE`;
  const countryRegion = p.country ? regionOf(p.country) : undefined;
  return {
    category: p.category ? sql`${p.category} = ANY(o."categoryIds")` : t,
    topic: p.topic ? sql`${p.topic} = ANY(o."topicIds")` : t,
    country: p.country ? coversCountrySql("o", sql`${p.country}`, sql`${countryRegion ?? null}`) : t,
    region: p.region ? sql`(o."coverageGlobal" OR ${p.region} = ANY(o."coverageRegions"::text[]))` : t,
    language: p.language ? sql`${p.language} = ANY(o.languages)` : t,
    status: p.status ? sql`o.status::text = ${p.status}` : t,
    posted: p.posted ? sql`${postedAt} >= now() - make_interval(days => ${Number(p.posted)})` : t,
  };
}

type FacetRow = { facet: string; value: string | null; n: number };

async function countFacets(viewer: Viewer, mine: boolean, p: OfferBoardParams, text?: Prisma.Sql) {
  const f = filterSql(p);
  const keys = Object.keys(f) as Array<keyof typeof f>;
  const except = (k: keyof typeof f | null) =>
    Prisma.join(
      keys.filter((x) => x !== k).map((x) => sql`f_${Prisma.raw(x)}`),
      " AND ",
    );
  // On the fast pool (utils/sql.server.ts): a board runs this on every page view.
  const rows = await sqlRows<FacetRow>(sql`
    WITH base AS MATERIALIZED (
      SELECT o."categoryIds" AS categories, o."topicIds" AS topics, o."coverageCountries" AS countries,
             o."coverageRegions"::text[] AS regions, o."coverageGlobal" AS global, o.languages, o.status::text AS status,
             ${postedAt} AS posted_at,
             ${f.category} AS f_category, ${f.topic} AS f_topic, ${f.country} AS f_country, ${f.region} AS f_region,
             ${f.language} AS f_language, ${f.status} AS f_status, ${f.posted} AS f_posted
      FROM "Offer" o
      WHERE ${scopeSql(viewer, mine, p.q, text)}
    )
    SELECT 'total' AS facet, NULL AS value, count(*)::int AS n FROM base WHERE ${except(null)}
    UNION ALL SELECT 'category', x, count(*)::int FROM base, unnest(categories) x WHERE ${except("category")} GROUP BY x
    UNION ALL SELECT 'topic', x, count(*)::int FROM base, unnest(topics) x WHERE ${except("topic")} GROUP BY x
    UNION ALL SELECT 'country', x, count(*)::int FROM base, unnest(countries) x WHERE ${except("country")} GROUP BY x
    UNION ALL SELECT 'region', x, count(*)::int FROM base, unnest(regions || CASE WHEN global THEN ARRAY['global'] ELSE ARRAY[]::text[] END) x
      WHERE ${except("region")} GROUP BY x
    UNION ALL SELECT 'language', x, count(*)::int FROM base, unnest(languages) x WHERE ${except("language")} GROUP BY x
    UNION ALL SELECT 'status', status, count(*)::int FROM base WHERE ${except("status")} GROUP BY status
    UNION ALL SELECT 'posted', w::text, count(*) FILTER (WHERE posted_at >= now() - make_interval(days => w))::int
      FROM base, unnest(ARRAY[7, 30, 90, 365]) w WHERE ${except("posted")} GROUP BY w`);
  const facets: OfferFacetCounts = {
    category: {},
    topic: {},
    country: {},
    region: {},
    language: {},
    status: {},
    posted: {},
  };
  let total = 0;
  for (const row of rows) {
    if (row.facet === "total") total = row.n;
    else if (row.value !== null) facets[row.facet as keyof OfferFacetCounts][row.value] = row.n;
  }
  return { total, facets };
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

/** What an offers board card shows: the row type of pageOfferRows. */
type BoardOfferRow = Prisma.OfferGetPayload<{
  select: {
    id: true;
    organisationId: true;
    title: true;
    description: true;
    contentLanguage: true;
    categoryIds: true;
    topicIds: true;
    coverageGlobal: true;
    coverageCountries: true;
    coverageRegions: true;
    languages: true;
    hoursPerMonth: true;
    maxConcurrent: true;
    availableFrom: true;
    availableTo: true;
    format: true;
    responseTimeDays: true;
    terms: true;
    peerKinds: true;
    status: true;
    publishedAt: true;
    createdAt: true;
    organisation: { select: { name: true; kind: true; vettingLevel: true } };
  };
}>;

/** The page's offers with what a card shows, on the fast pool; visibility is checked again here. */
async function pageOfferRows(viewer: Viewer, ids: string[]): Promise<BoardOfferRow[]> {
  if (ids.length === 0) return [];
  const rows = await sqlRows<
    Omit<BoardOfferRow, "organisation"> & {
      organisationName: string;
      organisationKind: OrganisationKind;
      vettingLevel: VettingLevel;
    }
  >(sql`
    SELECT o.id, o."organisationId", o.title, o.description, o."contentLanguage", o."categoryIds", o."topicIds",
           o."coverageGlobal", o."coverageCountries", o."coverageRegions"::text[] AS "coverageRegions", o.languages,
           o."hoursPerMonth", o."maxConcurrent", o."availableFrom", o."availableTo", o.format::text AS format,
           o."responseTimeDays", o.terms::text AS terms, o."peerKinds"::text[] AS "peerKinds", o.status::text AS status, o."publishedAt", o."createdAt",
           org.name AS "organisationName", org.kind::text AS "organisationKind", org."vettingLevel"::text AS "vettingLevel"
    FROM "Offer" o JOIN "Organisation" org ON org.id = o."organisationId"
    WHERE ${visibleOffersSql(viewer)} AND o.id = ANY(${ids}::text[])`);
  return rows.map(({ organisationName, organisationKind, vettingLevel, ...row }) => ({
    ...row,
    organisation: { name: organisationName, kind: organisationKind, vettingLevel },
  }));
}

export async function loadOffersBoard(
  viewer: Viewer,
  params: OfferBoardParams,
  options: { mine?: boolean } = {},
) {
  const mine = !!options.mine;
  const pageSize = OFFERS_PAGE_SIZE;
  const f = filterSql(params);
  // Search text goes to the SearchIndex, applied with the filters before anything is cut (drafts are not
  // indexed: "My offers" searches its own rows).
  const text = params.q && !mine ? await textSql(viewer, params.q, "offer") : undefined;
  const [{ total, facets }, idRows] = await Promise.all([
    countFacets(viewer, mine, params, text),
    sqlRows<{ id: string }>(sql`
      SELECT o.id FROM "Offer" o
      WHERE ${scopeSql(viewer, mine, params.q, text)} AND ${Prisma.join(Object.values(f), " AND ")}
      ORDER BY ${orderSql(params.sort)}
      LIMIT ${pageSize} OFFSET ${(params.page - 1) * pageSize}`),
  ]);
  const ids = idRows.map((r) => r.id);
  const pageOffers = async () => {
    const rows = await pageOfferRows(viewer, ids);
    return { rows, capacities: await loadOfferCapacities(rows) };
  };
  // With search text, each card shows where the words matched (drafts, under "My offers", are not indexed).
  // Asked for alongside the page's rows: each extra round trip waits for a busy event loop under load.
  const [{ rows, capacities }, marks] = await Promise.all([
    pageOffers(),
    params.q && !mine && ids.length
      ? loadSearchScope(viewer).then((scope) =>
          getSearchIndex().highlight({ text: params.q!, entityType: "offer" }, ids, scope),
        )
      : Promise.resolve(null),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = ids
    .map((id) => byId.get(id))
    .map((r) => r && { ...r, vettingLevel: r.organisation.vettingLevel })
    .filter((r): r is NonNullable<typeof r> => !!r && offerAccess(viewer, r) !== "none")
    .map((offer) => ({
      ...offer,
      organisationName: offer.organisation.name,
      // A coalition's offer is a peer offer, labelled as such on the board.
      peer: isPeerOffer(offer.organisation),
      manage: offerAccess(viewer, offer) === "manage",
      capacity: capacities.get(offer.id)!,
      highlight: marks?.get(offer.id) ?? null,
    }));
  return {
    items,
    total,
    facets,
    page: params.page,
    pageSize,
    pages: pageCount(total, pageSize),
  };
}
