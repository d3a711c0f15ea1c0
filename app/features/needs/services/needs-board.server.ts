// The needs board: faceted filters, sorting and pagination, all in the URL, computed by PostgreSQL in one
// statement per request (each facet counted with every filter but its own, so one can switch values); the
// page's rows are then read again with the policy's filter (in SQL, tested equal to `visibleNeedsWhere`),
// checked with `needAccess` and passed through `presentNeed`. Search text goes to the SearchIndex.
import {
  boardNeedStatuses,
  isSecretariat,
  isVerifiedMember,
  needAccess,
  ownOrganisationIds,
  presentNeed,
  summaryDisclosedStatuses,
  type ExpertRelation,
  type Viewer,
} from "~/features/auth/policy";
import { Prisma } from "~/generated/prisma/client";
import type { ProposalStatus } from "~/generated/prisma/enums";
import { sqlRows } from "~/utils/sql.server";
import { getSearchIndex, loadSearchScope, textSql } from "~/features/search/index.server";
import { NEEDS_PAGE_SIZE, postedWindows, type NeedBoardParams } from "../board-params";
import { pageCount } from "~/utils/pagination";

export { NEEDS_PAGE_SIZE, parseNeedBoardParams, type NeedBoardParams } from "../board-params";

export type FacetCounts = {
  category: Record<string, number>;
  topic: Record<string, number>;
  country: Record<string, number>;
  region: Record<string, number>;
  language: Record<string, number>;
  urgency: Record<string, number>;
  status: Record<string, number>;
  posted: Record<string, number>;
};

const sql = Prisma.sql;

// ───────────── who sees what, in SQL ─────────────
// The OR-branches of the policy's `visibleNeedsWhere`, built from its own predicates and status lists:
// a part shared by every viewer of a class (cached, see below) and a personal part (own organisations,
// needs opened to them by an approved proposal). tests/needs/board.test.ts checks that together they
// select exactly what the policy does, for every kind of viewer.

type ViewerClass = "secretariat" | "verified" | "none";

function viewerClass(viewer: Viewer): ViewerClass {
  if (!viewer) return "none";
  if (isSecretariat(viewer)) return "secretariat";
  return isVerifiedMember(viewer) ? "verified" : "none";
}

function sharedSql(cls: ViewerClass): Prisma.Sql {
  if (cls === "secretariat") return sql`n.status <> 'draft'`;
  if (cls === "verified")
    return sql`(n.visibility = 'network' AND n.status::text = ANY(${boardNeedStatuses as string[]}::text[]))`;
  return sql`FALSE`;
}

function personalSql(viewer: Viewer): Prisma.Sql {
  if (!viewer) return sql`FALSE`;
  const own = ownOrganisationIds(viewer);
  const mine = sql`n."organisationId" = ANY(${own}::text[])`;
  if (viewerClass(viewer) !== "verified") return mine;
  return sql`(${mine} OR (n.status <> 'draft' AND EXISTS (SELECT 1 FROM "Proposal" p WHERE p."needId" = n.id
        AND p."expertOrganisationId" = ANY(${own}::text[]) AND p.status::text = ANY(${summaryDisclosedStatuses as string[]}::text[]))))`;
}

/** The policy's `visibleNeedsWhere`, in SQL. */
export function visibleNeedsSql(viewer: Viewer): Prisma.Sql {
  if (!viewer) return sql`FALSE`;
  return sql`(${sharedSql(viewerClass(viewer))} OR ${personalSql(viewer)})`;
}

// ───────────── the board, in one SQL statement ─────────────
// Filters, text, facet counts, the total, the sort and the page are computed together by PostgreSQL over
// "Need" (its existing indexes; no board-specific index yet), for every request: nothing is copied into
// process memory, so every web process answers the same, at once after a change. Text goes through the
// SearchIndex (`textMatch`), applied with the filters before anything is cut: nothing that matches is
// dropped from the pages or the counts.

const posted = sql`COALESCE(n."openedAt", n."submittedAt", n."createdAt")`;
const DAY = 86_400_000;
/** Timestamps are stored as UTC without zone (Prisma's convention): compare with the UTC wall time. */
const utc = (d: Date) => d.toISOString().replace("Z", "");

type FilterKey = "category" | "topic" | "country" | "region" | "language" | "urgency" | "status" | "posted";

/** Each filter of the parameters as SQL (TRUE when not set), keyed by its facet. */
function filterSql(p: NeedBoardParams, now: Date): Record<FilterKey, Prisma.Sql> {
  const t = sql`TRUE`;
  return {
    category: p.category ? sql`n."categoryId" = ${p.category}` : t,
    topic: p.topic ? sql`n."topicIds" @> ARRAY[${p.topic}]::text[]` : t,
    country: p.country ? sql`n."countryCode" = ${p.country}` : t,
    region: p.region ? sql`c.region::text = ${p.region}` : t,
    language: p.language ? sql`n.languages @> ARRAY[${p.language}]::text[]` : t,
    urgency: p.urgency ? sql`n.urgency::text = ${p.urgency}` : t,
    status: p.status ? sql`n.status::text = ${p.status}` : t,
    posted: p.posted
      ? sql`${posted} >= ${utc(new Date(now.getTime() - Number(p.posted) * DAY))}::timestamp`
      : t,
  };
}

/** Which needs the board considers before its filters: the viewer's visible ones, "mine", and the text. */
async function scopeSql(viewer: Viewer, p: NeedBoardParams, mine: boolean): Promise<Prisma.Sql> {
  const parts = [visibleNeedsSql(viewer)];
  parts.push(
    mine ? sql`n."organisationId" = ANY(${ownOrganisationIds(viewer)}::text[])` : sql`n.status <> 'draft'`,
  );
  if (p.q) {
    if (mine) {
      // Own needs whose title or summary contains the text (drafts are not in the search index).
      const like = `%${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      parts.push(sql`(n.title ILIKE ${like} OR n.summary ILIKE ${like})`);
    } else {
      parts.push(await textSql(viewer, p.q, "need"));
    }
  }
  return Prisma.join(parts, " AND ");
}

type FacetRow = { facet: string; value: string | null; n: number };

/**
 * The total and every facet's counts (each facet counted with every filter but its own, so one can switch
 * values), in one statement over the needs that fail at most one filter.
 */
async function countFacets(scope: Prisma.Sql, f: Record<FilterKey, Prisma.Sql>, p: NeedBoardParams) {
  const keys = Object.keys(f) as FilterKey[];
  const active = keys.filter((k) => p[k] !== undefined);
  const except = (k: FilterKey | null) =>
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
  const rows = await sqlRows<FacetRow>(sql`
    WITH base AS MATERIALIZED (
      SELECT n."categoryId" AS category, n."topicIds" AS topics, n."countryCode" AS country, c.region::text AS region,
             n.languages, n.urgency::text AS urgency, n.status::text AS status, ${posted} AS posted_at,
             ${f.category} AS f_category, ${f.topic} AS f_topic, ${f.country} AS f_country, ${f.region} AS f_region,
             ${f.language} AS f_language, ${f.urgency} AS f_urgency, ${f.status} AS f_status, ${f.posted} AS f_posted
      FROM "Need" n JOIN "Country" c ON c.code = n."countryCode"
      WHERE ${scope} AND ${failing}
    )
    SELECT 'total' AS facet, NULL AS value, count(*)::int AS n FROM base WHERE ${except(null)}
    UNION ALL SELECT 'category', category, count(*)::int FROM base WHERE ${except("category")} GROUP BY category
    UNION ALL SELECT 'topic', x, count(*)::int FROM base, unnest(topics) x WHERE ${except("topic")} GROUP BY x
    UNION ALL SELECT 'country', country, count(*)::int FROM base WHERE ${except("country")} GROUP BY country
    UNION ALL SELECT 'region', region, count(*)::int FROM base WHERE ${except("region")} GROUP BY region
    UNION ALL SELECT 'language', x, count(*)::int FROM base, unnest(languages) x WHERE ${except("language")} GROUP BY x
    UNION ALL SELECT 'urgency', urgency, count(*)::int FROM base WHERE ${except("urgency")} GROUP BY urgency
    UNION ALL SELECT 'status', status, count(*)::int FROM base WHERE ${except("status")} GROUP BY status
    UNION ALL SELECT 'posted', w::text, count(*) FILTER (WHERE posted_at >= ${utc(now(p))}::timestamp - make_interval(days => w))::int
      FROM base, unnest(${postedWindows.map(Number)}::int[]) w WHERE ${except("posted")} GROUP BY w`);
  const facets: FacetCounts = {
    category: {},
    topic: {},
    country: {},
    region: {},
    language: {},
    urgency: {},
    status: {},
    posted: {},
  };
  let total = 0;
  for (const row of rows) {
    if (row.facet === "total") total = row.n;
    else if (row.value !== null && row.n > 0) facets[row.facet as keyof FacetCounts][row.value] = row.n;
  }
  return { total, facets };
}

function orderSql(sort: NeedBoardParams["sort"]): Prisma.Sql {
  switch (sort) {
    case "oldest":
      return sql`${posted} ASC, n.id ASC`;
    case "urgency":
      return sql`CASE n.urgency WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, ${posted} DESC, n.id DESC`;
    case "wanted_by":
      return sql`n."wantedBy" ASC NULLS LAST, ${posted} DESC, n.id DESC`;
    default:
      return sql`${posted} DESC, n.id DESC`;
  }
}

/** The instant "posted within N days" counts from: one per request, shared by the filter and the facet. */
const nowOf = new WeakMap<NeedBoardParams, Date>();
function now(p: NeedBoardParams): Date {
  let at = nowOf.get(p);
  if (!at) nowOf.set(p, (at = new Date()));
  return at;
}

/**
 * The ids of one page of the board, its total and facet counts (exported for the tests, which compare
 * them with a brute-force answer).
 */
export async function boardPage(viewer: Viewer, p: NeedBoardParams, options: { mine?: boolean } = {}) {
  if (!viewer) return { ids: [] as string[], total: 0, facets: emptyFacetCounts() };
  const scope = await scopeSql(viewer, p, !!options.mine);
  const f = filterSql(p, now(p));
  const [{ total, facets }, idRows] = await Promise.all([
    countFacets(scope, f, p),
    sqlRows<{ id: string }>(sql`
      SELECT n.id FROM "Need" n JOIN "Country" c ON c.code = n."countryCode"
      WHERE ${scope} AND ${Prisma.join(Object.values(f), " AND ")}
      ORDER BY ${orderSql(p.sort)}
      LIMIT ${NEEDS_PAGE_SIZE} OFFSET ${(p.page - 1) * NEEDS_PAGE_SIZE}`),
  ]);
  return { ids: idRows.map((r) => r.id), total, facets };
}

function emptyFacetCounts(): FacetCounts {
  return {
    category: {},
    topic: {},
    country: {},
    region: {},
    language: {},
    urgency: {},
    status: {},
    posted: {},
  };
}

/** The ids of every need the board may list for this viewer (for tests: must equal the policy's filter). */
export async function visibleBoardIds(viewer: Viewer) {
  const rows = await sqlRows<{ id: string }>(sql`SELECT n.id FROM "Need" n WHERE ${visibleNeedsSql(viewer)}`);
  return rows.map((r) => r.id);
}

/** The search's marks on the needs a page shows (title and snippet with the matched words). */
async function highlights(viewer: Viewer, q: string, ids: string[]) {
  return getSearchIndex().highlight({ text: q, entityType: "need" }, ids, await loadSearchScope(viewer));
}

export const boardNeedSelect = {
  id: true,
  organisationId: true,
  title: true,
  summary: true,
  contentLanguage: true,
  categoryId: true,
  topicIds: true,
  countryCode: true,
  languages: true,
  urgency: true,
  wantedBy: true,
  effortHours: true,
  format: true,
  civicContext: true,
  status: true,
  visibility: true,
  anonymised: true,
  createdAt: true,
  submittedAt: true,
  openedAt: true,
  organisation: { select: { name: true } },
} satisfies Prisma.NeedSelect;

type PageRow = Omit<Prisma.NeedGetPayload<{ select: typeof boardNeedSelect }>, "organisation"> & {
  organisationName: string;
};

/** The page's needs, read again with the policy's filter (in SQL: tested equal to `visibleNeedsWhere`). */
async function pageRows(viewer: Viewer, ids: string[]) {
  if (!ids.length) return [];
  const rows = await sqlRows<PageRow>(sql`
    SELECT n.id, n."organisationId", n.title, n.summary, n."contentLanguage", n."categoryId", n."topicIds", n."countryCode",
           n.languages, n.urgency::text AS urgency, n."wantedBy", n."effortHours", n.format::text AS format,
           n."civicContext"::text AS "civicContext", n.status::text AS status, n.visibility::text AS visibility, n.anonymised,
           n."createdAt", n."submittedAt", n."openedAt", o.name AS "organisationName"
    FROM "Need" n JOIN "Organisation" o ON o.id = n."organisationId"
    WHERE ${visibleNeedsSql(viewer)} AND n.id = ANY(${ids}::text[])`);
  return rows.map(({ organisationName, ...r }) => ({ ...r, organisation: { name: organisationName } }));
}

/** The viewer's organisations' proposal statuses on these needs, for staged disclosure (one query). */
export async function expertRelations(viewer: Viewer, needIds: string[]) {
  const relations = new Map<string, ExpertRelation>();
  const own = ownOrganisationIds(viewer);
  if (!own.length || !needIds.length) return relations;
  const proposals = await sqlRows<{ needId: string; status: ProposalStatus; engaged: boolean }>(sql`
    SELECT p."needId", p.status::text AS status, EXISTS (SELECT 1 FROM "Engagement" e WHERE e."proposalId" = p.id) AS engaged
    FROM "Proposal" p WHERE p."needId" = ANY(${needIds}::text[]) AND p."expertOrganisationId" = ANY(${own}::text[])`);
  for (const p of proposals) {
    const r = relations.get(p.needId) ?? { proposalStatuses: [], engaged: false };
    r.proposalStatuses.push(p.status);
    r.engaged ||= p.engaged;
    relations.set(p.needId, r);
  }
  return relations;
}

export async function loadNeedsBoard(
  viewer: Viewer,
  params: NeedBoardParams,
  options: { mine?: boolean } = {},
) {
  const mine = !!options.mine;
  const pageSize = NEEDS_PAGE_SIZE;
  const { ids, total, facets } = await boardPage(viewer, params, { mine });
  const experts = !!viewer && viewer.memberships.some((m) => m.kind === "EXPERT");
  // With search text, each card shows where the words matched (drafts, under "My needs", are not indexed).
  // Asked for alongside the page's rows: each extra round trip waits for a busy event loop under load.
  const [found, relations, marks] = await Promise.all([
    pageRows(viewer, ids),
    experts ? expertRelations(viewer, ids) : Promise.resolve(new Map<string, ExpertRelation>()),
    params.q && !mine && ids.length ? highlights(viewer, params.q, ids) : Promise.resolve(null),
  ]);
  const byId = new Map(found.map((r) => [r.id, r]));
  const items = ids
    .map((id) => byId.get(id))
    .filter((r): r is NonNullable<typeof r> => !!r)
    .flatMap((need) => {
      const access = needAccess(viewer, need, relations.get(need.id));
      if (access.level === "none") return [];
      const shown = presentNeed(need, access);
      // What a board card shows, and no more (the page's size matters on slow connections).
      return [
        {
          id: shown.id,
          // An anonymised need must not be traceable to its coalition, not even by the organisation's id.
          organisationId: access.showCoalition ? shown.organisationId : null,
          title: shown.title,
          summary: shown.summary.length > 280 ? `${shown.summary.slice(0, 280)}…` : shown.summary,
          contentLanguage: shown.contentLanguage,
          categoryId: shown.categoryId,
          countryCode: shown.countryCode,
          urgency: shown.urgency,
          status: shown.status,
          wantedBy: shown.wantedBy,
          postedAt: shown.openedAt ?? shown.submittedAt ?? shown.createdAt,
          coalitionName: shown.coalitionName,
          owner: access.owner,
        },
      ];
    });
  return {
    items: items.map((item) => ({ ...item, highlight: marks?.get(item.id) ?? null })),
    total,
    facets,
    page: params.page,
    pageSize,
    pages: pageCount(total, pageSize),
  };
}
