// The needs board: faceted filters, sorting and pagination, all in the URL. Without search text, one SQL
// query computes the total and every facet's counts (each facet counted with every filter but its own,
// so one can switch values), a second the page's ids; the rows are then read through Prisma with
// `visibleNeedsWhere(viewer)` again, so the policy has the last word on what reaches the page, and
// passed through `presentNeed`. With search text, the search engineer's SearchIndex answers instead.
import {
  boardNeedStatuses,
  isSecretariat,
  isVerifiedMember,
  needAccess,
  ownOrganisationIds,
  presentNeed,
  summaryDisclosedStatuses,
  visibleNeedsWhere,
  type Viewer,
} from "~/features/auth/policy";
import { Prisma } from "~/generated/prisma/client";
import type { ProposalStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { NEEDS_PAGE_SIZE, type NeedBoardParams } from "../board-params";

export { NEEDS_PAGE_SIZE, needBoardParams, needSorts, needStatuses, parseNeedBoardParams, postedWindows, urgencies, type NeedBoardParams } from "../board-params";

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

/**
 * The policy's `visibleNeedsWhere`, in SQL for the counting queries (built from the policy's own
 * predicates and status lists; tests/needs/board.test.ts checks it selects exactly what the policy does).
 */
export function visibleNeedsSql(viewer: Viewer): Prisma.Sql {
  if (!viewer) return sql`FALSE`;
  const own = ownOrganisationIds(viewer);
  const mine = sql`n."organisationId" = ANY(${own}::text[])`;
  if (isSecretariat(viewer)) return sql`(${mine} OR n.status <> 'draft')`;
  if (!isVerifiedMember(viewer)) return mine;
  return sql`(${mine}
    OR (n.visibility = 'network' AND n.status::text = ANY(${boardNeedStatuses as string[]}::text[]))
    OR (n.status <> 'draft' AND EXISTS (SELECT 1 FROM "Proposal" p WHERE p."needId" = n.id
        AND p."expertOrganisationId" = ANY(${own}::text[]) AND p.status::text = ANY(${summaryDisclosedStatuses as string[]}::text[]))))`;
}

const postedAt = sql`COALESCE(n."openedAt", n."submittedAt", n."createdAt")`;

type Scope = { viewer: Viewer; mine: boolean };

function scopeSql({ viewer, mine }: Scope, q: string | undefined) {
  const parts = [visibleNeedsSql(viewer)];
  if (mine) parts.push(sql`n."organisationId" = ANY(${ownOrganisationIds(viewer)}::text[])`);
  // The main board lists what is posted; drafts live under "My needs".
  else parts.push(sql`n.status <> 'draft'`);
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(sql`(n.title ILIKE ${like} OR n.summary ILIKE ${like})`);
  }
  return Prisma.join(parts, " AND ");
}

function filterSql(p: NeedBoardParams) {
  const t = sql`TRUE`;
  return {
    category: p.category ? sql`n."categoryId" = ${p.category}` : t,
    topic: p.topic ? sql`${p.topic} = ANY(n."topicIds")` : t,
    country: p.country ? sql`n."countryCode" = ${p.country}` : t,
    region: p.region ? sql`c.region::text = ${p.region}` : t,
    language: p.language ? sql`${p.language} = ANY(n.languages)` : t,
    urgency: p.urgency ? sql`n.urgency::text = ${p.urgency}` : t,
    status: p.status ? sql`n.status::text = ${p.status}` : t,
    posted: p.posted ? sql`${postedAt} >= now() - make_interval(days => ${Number(p.posted)})` : t,
  };
}

type FacetRow = { facet: string; value: string | null; n: number };

async function countFacets(scope: Scope, p: NeedBoardParams): Promise<{ total: number; facets: FacetCounts }> {
  const f = filterSql(p);
  const keys = Object.keys(f) as Array<keyof typeof f>;
  const except = (k: keyof typeof f | null) => Prisma.join(keys.filter((x) => x !== k).map((x) => sql`f_${Prisma.raw(x)}`), " AND ");
  const rows = await db().$queryRaw<FacetRow[]>`
    WITH base AS MATERIALIZED (
      SELECT n."categoryId" AS category, n."topicIds" AS topics, n."countryCode" AS country, c.region::text AS region,
             n.languages, n.urgency::text AS urgency, n.status::text AS status, ${postedAt} AS posted_at,
             ${f.category} AS f_category, ${f.topic} AS f_topic, ${f.country} AS f_country, ${f.region} AS f_region,
             ${f.language} AS f_language, ${f.urgency} AS f_urgency, ${f.status} AS f_status, ${f.posted} AS f_posted
      FROM "Need" n JOIN "Country" c ON c.code = n."countryCode"
      WHERE ${scopeSql(scope, p.q)}
    )
    SELECT 'total' AS facet, NULL AS value, count(*)::int AS n FROM base WHERE ${except(null)}
    UNION ALL SELECT 'category', category, count(*)::int FROM base WHERE ${except("category")} GROUP BY category
    UNION ALL SELECT 'topic', t, count(*)::int FROM base, unnest(topics) t WHERE ${except("topic")} GROUP BY t
    UNION ALL SELECT 'country', country, count(*)::int FROM base WHERE ${except("country")} GROUP BY country
    UNION ALL SELECT 'region', region, count(*)::int FROM base WHERE ${except("region")} GROUP BY region
    UNION ALL SELECT 'language', l, count(*)::int FROM base, unnest(languages) l WHERE ${except("language")} GROUP BY l
    UNION ALL SELECT 'urgency', urgency, count(*)::int FROM base WHERE ${except("urgency")} GROUP BY urgency
    UNION ALL SELECT 'status', status, count(*)::int FROM base WHERE ${except("status")} GROUP BY status
    UNION ALL SELECT 'posted', w::text, count(*) FILTER (WHERE posted_at >= now() - make_interval(days => w))::int
      FROM base, unnest(ARRAY[7, 30, 90, 365]) w WHERE ${except("posted")} GROUP BY w`;
  const facets: FacetCounts = { category: {}, topic: {}, country: {}, region: {}, language: {}, urgency: {}, status: {}, posted: {} };
  let total = 0;
  for (const row of rows) {
    if (row.facet === "total") total = row.n;
    else if (row.value !== null) facets[row.facet as keyof FacetCounts][row.value] = row.n;
  }
  return { total, facets };
}

function orderSql(sort: NeedBoardParams["sort"]) {
  switch (sort) {
    case "oldest":
      return sql`${postedAt} ASC, n.id ASC`;
    case "urgency":
      return sql`n.urgency ASC, ${postedAt} DESC, n.id DESC`;
    case "wanted_by":
      return sql`n."wantedBy" ASC NULLS LAST, ${postedAt} DESC, n.id DESC`;
    default:
      return sql`${postedAt} DESC, n.id DESC`;
  }
}

async function pageIds(scope: Scope, p: NeedBoardParams, pageSize: number) {
  const f = filterSql(p);
  const rows = await db().$queryRaw<Array<{ id: string }>>`
    SELECT n.id FROM "Need" n JOIN "Country" c ON c.code = n."countryCode"
    WHERE ${scopeSql(scope, p.q)} AND ${Prisma.join(Object.values(f), " AND ")}
    ORDER BY ${orderSql(p.sort)}
    LIMIT ${pageSize} OFFSET ${(p.page - 1) * pageSize}`;
  return rows.map((r) => r.id);
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

/** The viewer's organisations' proposal statuses on these needs, for staged disclosure (one query). */
export async function expertRelations(viewer: Viewer, needIds: string[]) {
  const relations = new Map<string, { proposalStatuses: ProposalStatus[]; engaged: boolean }>();
  const own = ownOrganisationIds(viewer);
  if (!own.length || !needIds.length) return relations;
  const proposals = await db().proposal.findMany({
    where: { needId: { in: needIds }, expertOrganisationId: { in: own } },
    select: { needId: true, status: true, engagement: { select: { id: true } } },
  });
  for (const p of proposals) {
    const r = relations.get(p.needId) ?? { proposalStatuses: [], engaged: false };
    r.proposalStatuses.push(p.status);
    r.engaged ||= !!p.engagement;
    relations.set(p.needId, r);
  }
  return relations;
}

export async function loadNeedsBoard(viewer: Viewer, params: NeedBoardParams, options: { mine?: boolean } = {}) {
  const scope = { viewer, mine: !!options.mine };
  const pageSize = NEEDS_PAGE_SIZE;
  const [{ total, facets }, ids] = await Promise.all([countFacets(scope, params), pageIds(scope, params, pageSize)]);
  const [rows, relations] = await Promise.all([
    ids.length
      ? db().need.findMany({ where: { AND: [visibleNeedsWhere(viewer), { id: { in: ids } }] }, select: boardNeedSelect })
      : Promise.resolve([]),
    expertRelations(viewer, ids),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = ids
    .map((id) => byId.get(id))
    .filter((r): r is NonNullable<typeof r> => !!r)
    .flatMap((need) => {
      const access = needAccess(viewer, need, relations.get(need.id));
      if (access.level === "none") return [];
      const { details: _d, outcomeWanted: _o, ...shown } = presentNeed(need, access);
      return [{ ...shown, owner: access.owner }];
    });
  return { items, total, facets, page: params.page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

export type NeedsBoard = Awaited<ReturnType<typeof loadNeedsBoard>>;
export type NeedBoardItem = NeedsBoard["items"][number];
