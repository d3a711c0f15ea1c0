// The needs board: faceted filters, sorting and pagination, all in the URL, computed by PostgreSQL in one
// statement per request (each facet counted with every filter but its own, so one can switch values); the
// page's rows come from that statement under the policy's filter (in SQL, tested equal to
// `visibleNeedsWhere`), are checked with `needAccess` and passed through `presentNeed`. Search text goes to
// the SearchIndex.
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
import type { NeedStatus, NeedVisibility, ProposalStatus, Urgency } from "~/generated/prisma/enums";
import { sqlRows } from "~/utils/sql.server";
import { getSearchIndex, loadSearchScope, textSql } from "~/features/search/index.server";
import { NEEDS_PAGE_SIZE, postedWindows, type NeedBoardParams } from "../board-params";
import { pageCount } from "~/utils/pagination";
import { cardTextSql } from "~/features/boards/card-text.server";
import {
  boundedBoardAnswer,
  COUNT_LIMIT,
  FACET_WINDOW,
  type BoundedBoardRow,
} from "~/features/boards/board-params";

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
    return sql`(n.visibility = 'network' AND n.status = ANY(${boardNeedStatuses as string[]}::"NeedStatus"[]))`;
  return sql`FALSE`;
}

function personalSql(viewer: Viewer): Prisma.Sql {
  if (!viewer) return sql`FALSE`;
  const own = ownOrganisationIds(viewer);
  const mine = sql`n."organisationId" = ANY(${own}::text[])`;
  if (viewerClass(viewer) !== "verified") return mine;
  return sql`(${mine} OR (n.status <> 'draft' AND EXISTS (SELECT 1 FROM "Proposal" p WHERE p."needId" = n.id
        AND p."expertOrganisationId" = ANY(${own}::text[]) AND p.status = ANY(${summaryDisclosedStatuses as string[]}::"ProposalStatus"[]))))`;
}

/** The policy's `visibleNeedsWhere`, in SQL. */
export function visibleNeedsSql(viewer: Viewer): Prisma.Sql {
  if (!viewer) return sql`FALSE`;
  return sql`(${sharedSql(viewerClass(viewer))} OR ${personalSql(viewer)})`;
}

// ───────────── the board, in one SQL statement ─────────────
// Filters, text, facet counts, the total, the sort and the page are computed together by PostgreSQL over
// "Need", in one statement per request: nothing is copied into process memory, so every web process
// answers the same, at once after a change. Text goes through the SearchIndex (`textMatch`), applied with
// the filters before anything is cut. The work is bounded whatever the size of the network: the total is
// counted up to COUNT_LIMIT (beyond it the page says "more than 1,000"), facets are counted over the
// newest FACET_WINDOW needs that fail at most one filter (beyond it their counts are lower bounds, shown
// with a "+"), and the page is read through the posting-time index. The page itself is always exact:
// every match is on one of the pages, in order, and the pager goes on while there is a next page.

const posted = sql`COALESCE(n."openedAt", n."submittedAt", n."createdAt")`;
const DAY = 86_400_000;
/** Timestamps are stored as UTC without zone (Prisma's convention): compare with the UTC wall time. */
const utc = (d: Date) => d.toISOString().replace("Z", "");

type FilterKey = "category" | "topic" | "country" | "region" | "language" | "urgency" | "status" | "posted";

/**
 * Each filter of the parameters as SQL (TRUE when not set), keyed by its facet. Enums are compared as
 * enums (a `::text` cast would keep PostgreSQL from using their indexes); the region through the
 * countries it holds, so no filter needs a join.
 */
function filterSql(p: NeedBoardParams, now: Date): Record<FilterKey, Prisma.Sql> {
  const t = sql`TRUE`;
  return {
    category: p.category ? sql`n."categoryId" = ${p.category}` : t,
    topic: p.topic ? sql`n."topicIds" @> ARRAY[${p.topic}]::text[]` : t,
    country: p.country ? sql`n."countryCode" = ${p.country}` : t,
    region: p.region
      ? sql`n."countryCode" IN (SELECT c.code FROM "Country" c WHERE c.region = ${p.region}::"Region")`
      : t,
    language: p.language ? sql`n.languages @> ARRAY[${p.language}]::text[]` : t,
    urgency: p.urgency ? sql`n.urgency = ${p.urgency}::"Urgency"` : t,
    status: p.status ? sql`n.status = ${p.status}::"NeedStatus"` : t,
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

/**
 * The facets' counts (each facet counted with every filter but its own, so one can switch values), over
 * the newest FACET_WINDOW needs that fail at most one filter: as SQL common table expressions "base" and
 * "facet" (facet, value, n).
 */
function facetSql(scope: Prisma.Sql, f: Record<FilterKey, Prisma.Sql>, p: NeedBoardParams): Prisma.Sql {
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
  return sql`
    base AS MATERIALIZED (
      SELECT n."categoryId" AS category, n."topicIds" AS topics, n."countryCode" AS country,
             n.languages, n.urgency::text AS urgency, n.status::text AS status, ${posted} AS posted_at,
             ${f.category} AS f_category, ${f.topic} AS f_topic, ${f.country} AS f_country, ${f.region} AS f_region,
             ${f.language} AS f_language, ${f.urgency} AS f_urgency, ${f.status} AS f_status, ${f.posted} AS f_posted
      FROM "Need" n
      WHERE ${scope} AND ${failing}
      ORDER BY ${posted} DESC, n.id DESC
      LIMIT ${FACET_WINDOW + 1}
    ),
    facet AS (
      SELECT 'category' AS facet, category AS value, count(*)::int AS n FROM base WHERE ${except("category")} GROUP BY category
      UNION ALL SELECT 'topic', x, count(*)::int FROM base, unnest(topics) x WHERE ${except("topic")} GROUP BY x
      UNION ALL SELECT 'country', country, count(*)::int FROM base WHERE ${except("country")} GROUP BY country
      UNION ALL SELECT 'region', c.region::text, sum(r.n)::int
        FROM (SELECT country, count(*) AS n FROM base WHERE ${except("region")} GROUP BY country) r
        JOIN "Country" c ON c.code = r.country GROUP BY c.region
      UNION ALL SELECT 'language', x, count(*)::int FROM base, unnest(languages) x WHERE ${except("language")} GROUP BY x
      UNION ALL SELECT 'urgency', urgency, count(*)::int FROM base WHERE ${except("urgency")} GROUP BY urgency
      UNION ALL SELECT 'status', status, count(*)::int FROM base WHERE ${except("status")} GROUP BY status
      UNION ALL SELECT 'posted', w::text, count(*) FILTER (WHERE posted_at >= ${utc(now(p))}::timestamp - make_interval(days => w))::int
        FROM base, unnest(${postedWindows.map(Number)}::int[]) w WHERE ${except("posted")} GROUP BY w
    )`;
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

/** A need of the page as the statement returns it (JSON: timestamps as UTC wall-clock text). */
type JsonNeed = {
  id: string;
  organisationId: string;
  title: string;
  /** Cut to the card's length by the statement (cardTextSql). */
  summary: string;
  contentLanguage: string;
  categoryId: string;
  countryCode: string;
  urgency: Urgency;
  wantedBy: string | null;
  status: NeedStatus;
  visibility: NeedVisibility;
  anonymised: boolean;
  createdAt: string;
  submittedAt: string | null;
  openedAt: string | null;
  organisationName: string;
  /** The viewer's organisations' proposals on it (for staged disclosure). */
  proposals: Array<{ status: ProposalStatus; engaged: boolean }> | null;
};

type BoardRow = BoundedBoardRow<keyof FacetCounts, JsonNeed>;

const dateOf = (s: string) => new Date(`${s}Z`);
const maybeDate = (s: string | null) => (s === null ? null : dateOf(s));

/**
 * One page of the board with its total and facet counts, in one statement: the page's needs (read with
 * the policy's filter, in SQL: tested equal to `visibleNeedsWhere`) and the viewer's proposals on them.
 * `total` is exact up to COUNT_LIMIT (`bounded` past it); facets are exact unless `facetsBounded`.
 */
async function boardQuery(viewer: Viewer, p: NeedBoardParams, mine: boolean) {
  const scope = await scopeSql(viewer, p, mine);
  const f = filterSql(p, now(p));
  const all = Prisma.join(Object.values(f), " AND ");
  const own = ownOrganisationIds(viewer);
  const [row] = await sqlRows<BoardRow>(sql`
    WITH ${facetSql(scope, f, p)},
    matches AS (SELECT 1 FROM "Need" n WHERE ${scope} AND ${all} LIMIT ${COUNT_LIMIT + 1}),
    page AS (
      -- The card's columns and the policy's, no more; the summary cut to the card's length here, not in
      -- Node (the statement's answer is parsed on every request).
      SELECT n.id, n."organisationId", n.title,
             ${cardTextSql(sql`n.summary`)} AS summary,
             n."contentLanguage", n."categoryId", n."countryCode", n.urgency, n."wantedBy",
             n.status, n.visibility, n.anonymised, n."createdAt", n."submittedAt", n."openedAt",
             row_number() OVER (ORDER BY ${orderSql(p.sort)}) AS ord
      FROM "Need" n
      WHERE ${scope} AND ${all}
      ORDER BY ${orderSql(p.sort)}
      LIMIT ${NEEDS_PAGE_SIZE + 1} OFFSET ${(p.page - 1) * NEEDS_PAGE_SIZE}
    )
    SELECT
      (SELECT count(*)::int FROM matches) AS total,
      (SELECT count(*)::int FROM base) AS "window",
      (SELECT json_agg(json_build_object('facet', facet, 'value', value, 'n', n)) FROM facet) AS facets,
      (SELECT json_agg(to_jsonb(page) - 'ord' || jsonb_build_object(
          'organisationName', (SELECT o.name FROM "Organisation" o WHERE o.id = page."organisationId"),
          'proposals', ${
            own.length
              ? sql`(SELECT json_agg(json_build_object('status', p.status,
                  'engaged', EXISTS (SELECT 1 FROM "Engagement" e WHERE e."proposalId" = p.id)))
                FROM "Proposal" p WHERE p."needId" = page.id AND p."expertOrganisationId" = ANY(${own}::text[]))`
              : sql`NULL::json`
          }) ORDER BY page.ord) FROM page) AS page`);
  return boundedBoardAnswer(row, emptyFacetCounts(), NEEDS_PAGE_SIZE);
}

/**
 * The ids of one page of the board, its total and facet counts (exported for the tests, which compare
 * them with a brute-force answer). `total` is exact up to COUNT_LIMIT, `bounded` past it.
 */
export async function boardPage(viewer: Viewer, p: NeedBoardParams, options: { mine?: boolean } = {}) {
  if (!viewer)
    return {
      ids: [] as string[],
      total: 0,
      bounded: false,
      facets: emptyFacetCounts(),
      facetsBounded: false,
    };
  const { rows, ...rest } = await boardQuery(viewer, p, !!options.mine);
  return { ids: rows.map((r) => r.id), ...rest };
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
  if (!viewer) {
    const facets = emptyFacetCounts();
    return {
      items: [],
      total: 0,
      bounded: false,
      facets,
      facetsBounded: false,
      page: params.page,
      pageSize,
      pages: 0,
    };
  }
  const board = await boardQuery(viewer, params, mine);
  const ids = board.rows.map((r) => r.id);
  // With search text, each card shows where the words matched (drafts, under "My needs", are not indexed).
  const marks = params.q && !mine && ids.length ? await highlights(viewer, params.q, ids) : null;
  const items = board.rows.flatMap(({ organisationName, proposals, ...r }) => {
    const need = {
      ...r,
      wantedBy: maybeDate(r.wantedBy),
      createdAt: dateOf(r.createdAt),
      submittedAt: maybeDate(r.submittedAt),
      openedAt: maybeDate(r.openedAt),
      organisation: { name: organisationName },
    };
    const relation: ExpertRelation | undefined = proposals?.length
      ? { proposalStatuses: proposals.map((x) => x.status), engaged: proposals.some((x) => x.engaged) }
      : undefined;
    const access = needAccess(viewer, need, relation);
    if (access.level === "none") return [];
    const shown = presentNeed(need, access);
    // What a board card shows, and no more (the page's size matters on slow connections).
    return [
      {
        id: shown.id,
        // An anonymised need must not be traceable to its coalition, not even by the organisation's id.
        organisationId: access.showCoalition ? shown.organisationId : null,
        title: shown.title,
        summary: shown.summary,
        contentLanguage: shown.contentLanguage,
        categoryId: shown.categoryId,
        countryCode: shown.countryCode,
        urgency: shown.urgency,
        status: shown.status,
        wantedBy: shown.wantedBy,
        postedAt: shown.openedAt ?? shown.submittedAt ?? shown.createdAt,
        coalitionName: shown.coalitionName,
        owner: access.owner,
        highlight: marks?.get(shown.id) ?? null,
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
