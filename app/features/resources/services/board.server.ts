// The library: filters (category, topic, country, region, language, the resource's own category, posted
// within), search text across the three languages (the boards' SearchIndex: `textSql`) and paging, in SQL
// over "Resource". Who sees what is the policy's `visibleResourcesWhere`, written here in SQL and tested
// equal to it (tests/resources/visibility.test.ts); every row that leaves is checked with `resourceAccess`.
import {
  isSecretariat,
  ownOrganisationIds,
  publishingVettingLevels,
  resourceAccess,
  resourceVisibilitiesFor,
  type Viewer,
} from "~/features/auth/policy";
import { getSearchIndex, loadSearchScope, textSql } from "~/features/search/index.server";
import { Prisma } from "~/generated/prisma/client";
import { sqlRows } from "~/utils/sql.server";
import { postedWindows } from "~/features/boards/board-params";
import type { ResourceBoardParams } from "../board-params";
import { RESOURCES_PAGE_SIZE } from "../constants";

const sql = Prisma.sql;

/** The policy's `visibleResourcesWhere`, in SQL (alias r, joined with its organisation as o). */
function visibleResourcesSql(viewer: Viewer): Prisma.Sql {
  const own = ownOrganisationIds(viewer);
  const mine = own.length ? sql`r."organisationId" = ANY(${own}::text[])` : sql`FALSE`;
  if (isSecretariat(viewer)) return sql`(${mine} OR r.status <> 'draft')`;
  const levels = resourceVisibilitiesFor(viewer) as string[];
  return sql`(${mine} OR (r.status = 'published'
    AND o."vettingLevel"::text = ANY(${publishingVettingLevels as string[]}::text[])
    AND r.visibility::text = ANY(${levels}::text[])))`;
}

type ResourceFacets = {
  category: Record<string, number>;
  topic: Record<string, number>;
  country: Record<string, number>;
  region: Record<string, number>;
  language: Record<string, number>;
  kind: Record<string, number>;
  posted: Record<string, number>;
};

type FilterKey = "category" | "topic" | "country" | "region" | "language" | "kind" | "posted";

const posted = sql`COALESCE(r."publishedAt", r."createdAt")`;
const utc = (d: Date) => d.toISOString().replace("Z", "");
const DAY = 86_400_000;

function filterSql(p: ResourceBoardParams, now: Date): Record<FilterKey, Prisma.Sql> {
  const t = sql`TRUE`;
  return {
    category: p.category ? sql`r."categoryIds" @> ARRAY[${p.category}]::text[]` : t,
    topic: p.topic ? sql`r."topicIds" @> ARRAY[${p.topic}]::text[]` : t,
    country: p.country ? sql`r."countryCodes" @> ARRAY[${p.country}]::text[]` : t,
    region: p.region
      ? sql`EXISTS (SELECT 1 FROM "Country" c WHERE c.code = ANY(r."countryCodes") AND c.region::text = ${p.region})`
      : t,
    language: p.language
      ? sql`(r.languages @> ARRAY[${p.language}]::text[] OR r."contentLanguage" = ${p.language})`
      : t,
    kind: p.kind ? sql`r.kind::text = ${p.kind}` : t,
    posted: p.posted
      ? sql`${posted} >= ${utc(new Date(now.getTime() - Number(p.posted) * DAY))}::timestamp`
      : t,
  };
}

async function scopeSql(viewer: Viewer, p: ResourceBoardParams, mine: boolean) {
  const parts = [visibleResourcesSql(viewer)];
  if (mine) parts.push(sql`r."organisationId" = ANY(${ownOrganisationIds(viewer)}::text[])`);
  // The library lists what is published (and, for the publisher and the secretariat, archived); drafts
  // only under "our resources".
  else parts.push(sql`r.status <> 'draft'`);
  if (p.q) {
    if (mine) {
      const like = `%${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      parts.push(sql`(r.title ILIKE ${like} OR r.summary ILIKE ${like})`);
    } else parts.push(await textSql(viewer, p.q, "resource"));
  }
  return Prisma.join(parts, " AND ");
}

async function countFacets(scope: Prisma.Sql, f: Record<FilterKey, Prisma.Sql>, now: Date) {
  const keys = Object.keys(f) as FilterKey[];
  const except = (k: FilterKey | null) =>
    Prisma.join(
      keys.filter((x) => x !== k).map((x) => sql`f_${Prisma.raw(x)}`),
      " AND ",
    );
  const rows = await sqlRows<{ facet: string; value: string | null; n: number }>(sql`
    WITH base AS MATERIALIZED (
      SELECT r."categoryIds" AS categories, r."topicIds" AS topics, r."countryCodes" AS countries,
        ARRAY(SELECT DISTINCT c.region::text FROM "Country" c WHERE c.code = ANY(r."countryCodes")) AS regions,
        ARRAY(SELECT DISTINCT x FROM unnest(r.languages || r."contentLanguage") x) AS languages, r.kind::text AS kind, ${posted} AS posted_at,
        ${f.category} AS f_category, ${f.topic} AS f_topic, ${f.country} AS f_country, ${f.region} AS f_region,
        ${f.language} AS f_language, ${f.kind} AS f_kind, ${f.posted} AS f_posted
      FROM "Resource" r JOIN "Organisation" o ON o.id = r."organisationId"
      WHERE ${scope}
    )
    SELECT 'total' AS facet, NULL AS value, count(*)::int AS n FROM base WHERE ${except(null)}
    UNION ALL SELECT 'category', x, count(*)::int FROM base, unnest(categories) x WHERE ${except("category")} GROUP BY x
    UNION ALL SELECT 'topic', x, count(*)::int FROM base, unnest(topics) x WHERE ${except("topic")} GROUP BY x
    UNION ALL SELECT 'country', x, count(*)::int FROM base, unnest(countries) x WHERE ${except("country")} GROUP BY x
    UNION ALL SELECT 'region', x, count(*)::int FROM base, unnest(regions) x WHERE ${except("region")} GROUP BY x
    UNION ALL SELECT 'language', x, count(*)::int FROM base, unnest(languages) x WHERE ${except("language")} GROUP BY x
    UNION ALL SELECT 'kind', kind, count(*)::int FROM base WHERE ${except("kind")} GROUP BY kind
    UNION ALL SELECT 'posted', w::text, count(*) FILTER (WHERE posted_at >= ${utc(now)}::timestamp - make_interval(days => w))::int
      FROM base, unnest(${postedWindows.map(Number)}::int[]) w WHERE ${except("posted")} GROUP BY w`);
  const facets: ResourceFacets = {
    category: {},
    topic: {},
    country: {},
    region: {},
    language: {},
    kind: {},
    posted: {},
  };
  let total = 0;
  for (const row of rows) {
    if (row.facet === "total") total = row.n;
    else if (row.value !== null && row.n > 0) facets[row.facet as keyof ResourceFacets][row.value] = row.n;
  }
  return { total, facets };
}

function orderSql(sort: ResourceBoardParams["sort"]) {
  if (sort === "oldest") return sql`${posted} ASC, r.id ASC`;
  if (sort === "title") return sql`lower(r.title) ASC, r.id ASC`;
  return sql`${posted} DESC, r.id DESC`;
}

type Row = {
  id: string;
  organisationId: string;
  organisationName: string;
  vettingLevel: "unverified" | "verified" | "trusted";
  kind: string;
  title: string;
  summary: string;
  contentLanguage: string;
  languages: string[];
  categoryIds: string[];
  topicIds: string[];
  countryCodes: string[];
  visibility: "public" | "network" | "trusted" | "secretariat";
  status: "draft" | "published" | "archived";
  postedAt: Date;
};

export async function loadResourcesBoard(
  viewer: Viewer,
  params: ResourceBoardParams,
  options: { mine?: boolean } = {},
) {
  const mine = !!options.mine && !!viewer;
  const now = new Date();
  const scope = await scopeSql(viewer, params, mine);
  const f = filterSql(params, now);
  const [{ total, facets }, rows] = await Promise.all([
    countFacets(scope, f, now),
    sqlRows<Row>(sql`
      SELECT r.id, r."organisationId", o.name AS "organisationName", o."vettingLevel"::text AS "vettingLevel",
        r.kind::text AS kind, r.title, r.summary, r."contentLanguage", r.languages, r."categoryIds", r."topicIds",
        r."countryCodes", r.visibility::text AS visibility, r.status::text AS status, ${posted} AS "postedAt"
      FROM "Resource" r JOIN "Organisation" o ON o.id = r."organisationId"
      WHERE ${scope} AND ${Prisma.join(Object.values(f), " AND ")}
      ORDER BY ${orderSql(params.sort)}
      LIMIT ${RESOURCES_PAGE_SIZE} OFFSET ${(params.page - 1) * RESOURCES_PAGE_SIZE}`),
  ]);
  // The policy's own answer on every row that leaves (the SQL above is its twin, tested equal).
  const visible = rows.filter((r) => resourceAccess(viewer, r) !== "none");
  const marks =
    params.q && !mine && visible.length
      ? await getSearchIndex().highlight(
          { text: params.q, entityType: "resource" },
          visible.map((r) => r.id),
          await loadSearchScope(viewer),
        )
      : null;
  return {
    items: visible.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      summary: r.summary.length > 280 ? `${r.summary.slice(0, 280)}…` : r.summary,
      contentLanguage: r.contentLanguage,
      languages: r.languages,
      categoryIds: r.categoryIds,
      topicIds: r.topicIds,
      countryCodes: r.countryCodes,
      visibility: r.visibility,
      status: r.status,
      postedAt: r.postedAt,
      publisher: r.organisationName,
      highlight: marks?.get(r.id) ?? null,
    })),
    total,
    facets,
    page: params.page,
    pageSize: RESOURCES_PAGE_SIZE,
    pages: Math.max(1, Math.ceil(total / RESOURCES_PAGE_SIZE)),
  };
}

/** Every resource id the library may list for this viewer (tests compare it with the policy's filter). */
export async function visibleResourceIds(viewer: Viewer) {
  const rows = await sqlRows<{ id: string }>(sql`
    SELECT r.id FROM "Resource" r JOIN "Organisation" o ON o.id = r."organisationId"
    WHERE ${visibleResourcesSql(viewer)}`);
  return rows.map((r) => r.id);
}
