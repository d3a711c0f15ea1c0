// The needs board: faceted filters, sorting and pagination, all in the URL. The visible needs' short
// columns are filtered, counted per facet (each facet with every filter but its own, so one can switch
// values) and sorted in memory; the page's rows are then read again with the policy's filter (in SQL,
// tested equal to `visibleNeedsWhere`), checked with `needAccess` and passed through `presentNeed`.
// Search text goes to the search engineer's SearchIndex (with the policy's search scope).
import { setting } from "~/utils/env-schema";
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
import { db } from "~/utils/db.server";
import { sqlRows } from "~/utils/sql.server";
import { getSearchIndex, loadSearchScope } from "~/features/search/index.server";
import { NEEDS_PAGE_SIZE, postedWindows, type NeedBoardParams } from "../board-params";

export {
  NEEDS_PAGE_SIZE,
  needBoardParams,
  needSorts,
  needStatuses,
  parseNeedBoardParams,
  postedWindows,
  urgencies,
  type NeedBoardParams,
} from "../board-params";

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

// ───────────── the board's rows ─────────────
// What filtering, counting and sorting need of each visible need: a few short columns. The part shared
// by a class of viewers is kept in memory for a few seconds (BOARD_CACHE_MS, default 5000; 0 under
// Vitest), so a board page costs no scan of the needs table; the personal part is read on each request
// through indexes. Rows shown are then read again with the policy's filter, so a stale
// row can at worst be missing from a page or counted, never shown to someone who may not see it.

type BoardRow = {
  id: string;
  org: string;
  category: string;
  topics: string[];
  country: string;
  region: string;
  languages: string[];
  urgency: string;
  status: string;
  posted: number;
  wantedBy: number | null;
};

type RawRow = Omit<BoardRow, "posted" | "wantedBy"> & { posted: Date; wantedBy: Date | null };

async function selectRows(where: Prisma.Sql): Promise<BoardRow[]> {
  const rows = await sqlRows<RawRow>(sql`
    SELECT n.id, n."organisationId" AS org, n."categoryId" AS category, n."topicIds" AS topics, n."countryCode" AS country,
           c.region::text AS region, n.languages, n.urgency::text AS urgency, n.status::text AS status,
           COALESCE(n."openedAt", n."submittedAt", n."createdAt") AS posted, n."wantedBy" AS "wantedBy"
    FROM "Need" n JOIN "Country" c ON c.code = n."countryCode"
    WHERE ${where}`);
  return rows.map((r) => ({
    ...r,
    posted: r.posted.getTime(),
    wantedBy: r.wantedBy ? r.wantedBy.getTime() : null,
  }));
}

function cacheMs() {
  return setting("BOARD_CACHE_MS") ?? (setting("VITEST") ? 0 : 5000);
}

type SharedEntry = {
  at: number;
  rows: Promise<BoardRow[]>;
  /** Filtered, counted and sorted views of these rows. */ views: Map<string, BoardView>;
};
type BoardView = { total: number; facets: FacetCounts; sorted: BoardRow[] };

const shared = new Map<ViewerClass, SharedEntry>();
const EMPTY: SharedEntry = { at: 0, rows: Promise.resolve([]), views: new Map() };

function sharedEntry(cls: ViewerClass): SharedEntry {
  if (cls === "none") return EMPTY;
  const ttl = cacheMs();
  const hit = shared.get(cls);
  if (hit && Date.now() - hit.at < ttl) return hit;
  const entry: SharedEntry = { at: Date.now(), rows: selectRows(sharedSql(cls)), views: new Map() };
  if (ttl > 0) {
    shared.set(cls, entry);
    entry.rows.catch(() => shared.delete(cls));
  }
  return entry;
}

/** Forget the cached board rows (after a change made by this process). */
export function invalidateNeedsBoard() {
  shared.clear();
}

/**
 * The personal part, as two index-friendly queries (an OR across them would scan the whole table):
 * the viewer's organisations' needs, and needs opened to them through an approved proposal.
 */
async function personalRows(viewer: Viewer): Promise<BoardRow[]> {
  if (!viewer) return [];
  const own = ownOrganisationIds(viewer);
  if (!own.length) return [];
  const mine = sql`n."organisationId" = ANY(${own}::text[])`;
  if (viewerClass(viewer) !== "verified") return selectRows(mine);
  return selectRows(sql`n.id IN (
      SELECT x.id FROM "Need" x WHERE x."organisationId" = ANY(${own}::text[])
      UNION
      SELECT p."needId" FROM "Proposal" p JOIN "Need" y ON y.id = p."needId" AND y.status <> 'draft'
      WHERE p."expertOrganisationId" = ANY(${own}::text[]) AND p.status::text = ANY(${summaryDisclosedStatuses as string[]}::text[]))`);
}

async function visibleRows(viewer: Viewer): Promise<{ rows: BoardRow[]; entry: SharedEntry | null }> {
  if (!viewer) return { rows: [], entry: null };
  const entry = sharedEntry(viewerClass(viewer));
  const [common, personal] = await Promise.all([entry.rows, personalRows(viewer)]);
  // Only the shared rows alone can reuse views computed for other viewers of the same class.
  if (!personal.length) return { rows: common, entry };
  const byId = new Map(common.map((r) => [r.id, r]));
  for (const r of personal) byId.set(r.id, r);
  return { rows: [...byId.values()], entry: null };
}

/** The ids of every need the board may list for this viewer (for tests: must equal the policy's filter). */
export async function visibleBoardIds(viewer: Viewer) {
  return (await visibleRows(viewer)).rows.map((r) => r.id);
}

// ───────────── filtering, facets, sorting ─────────────

const DAY = 86_400_000;
const facetKeys = [
  "category",
  "topic",
  "country",
  "region",
  "language",
  "urgency",
  "status",
  "posted",
] as const;
type FacetKey = (typeof facetKeys)[number];

function matchers(p: NeedBoardParams, now: number): Record<FacetKey, (r: BoardRow) => boolean> {
  const yes = () => true;
  return {
    category: p.category ? (r) => r.category === p.category : yes,
    topic: p.topic ? (r) => r.topics.includes(p.topic!) : yes,
    country: p.country ? (r) => r.country === p.country : yes,
    region: p.region ? (r) => r.region === p.region : yes,
    language: p.language ? (r) => r.languages.includes(p.language!) : yes,
    urgency: p.urgency ? (r) => r.urgency === p.urgency : yes,
    status: p.status ? (r) => r.status === p.status : yes,
    posted: p.posted ? (r) => r.posted >= now - Number(p.posted) * DAY : yes,
  };
}

/** Total, facet counts (each facet counted with every filter but its own) and the matching rows. */
export function facetAndFilter(rows: BoardRow[], p: NeedBoardParams, now = Date.now()) {
  const match = matchers(p, now);
  const active = facetKeys.filter((k) => p[k] !== undefined);
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
  const bump = (bucket: Record<string, number>, key: string) => (bucket[key] = (bucket[key] ?? 0) + 1);
  const windows = postedWindows.map((w) => [w, now - Number(w) * DAY] as const);
  const matched: BoardRow[] = [];
  for (const r of rows) {
    // The one active filter this row fails, if exactly one ("" when none): it still counts in that facet.
    let failed: FacetKey | "" = "";
    let failures = 0;
    for (const k of active) {
      if (!match[k](r)) {
        failed = k;
        if (++failures > 1) break;
      }
    }
    if (failures > 1) continue;
    if (failures === 0) matched.push(r);
    const all = failures === 0;
    if (all || failed === "category") bump(facets.category, r.category);
    if (all || failed === "topic") for (const t of r.topics) bump(facets.topic, t);
    if (all || failed === "country") bump(facets.country, r.country);
    if (all || failed === "region") bump(facets.region, r.region);
    if (all || failed === "language") for (const l of r.languages) bump(facets.language, l);
    if (all || failed === "urgency") bump(facets.urgency, r.urgency);
    if (all || failed === "status") bump(facets.status, r.status);
    if (all || failed === "posted")
      for (const [w, since] of windows) if (r.posted >= since) bump(facets.posted, w);
  }
  return { total: matched.length, facets, matched };
}

const urgencyRank: Record<string, number> = { critical: 0, high: 1, normal: 2, low: 3 };

function compare(sort: NeedBoardParams["sort"]) {
  const newest = (a: BoardRow, b: BoardRow) =>
    b.posted - a.posted || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  switch (sort) {
    case "oldest":
      return (a: BoardRow, b: BoardRow) => -newest(a, b);
    case "urgency":
      return (a: BoardRow, b: BoardRow) => urgencyRank[a.urgency] - urgencyRank[b.urgency] || newest(a, b);
    case "wanted_by":
      return (a: BoardRow, b: BoardRow) =>
        (a.wantedBy ?? Infinity) - (b.wantedBy ?? Infinity) || newest(a, b);
    default:
      return newest;
  }
}

/** Ids of the needs a text search finds, through the search engineer's SearchIndex (scope from the policy). */
async function searchIds(viewer: Viewer, q: string): Promise<Set<string>> {
  const scope = await loadSearchScope(viewer);
  return new Set(await getSearchIndex().matchingIds({ text: q, entityType: "need" }, scope));
}

/** The search's marks on the needs a page shows (title and snippet with the matched words). */
async function highlights(viewer: Viewer, q: string, ids: string[]) {
  return getSearchIndex().highlight({ text: q, entityType: "need" }, ids, await loadSearchScope(viewer));
}

/** Own needs whose title or summary contains the text (drafts are not in the search index). */
async function ownTextIds(viewer: Viewer, q: string): Promise<Set<string>> {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db().$queryRaw<Array<{ id: string }>>`
    SELECT n.id FROM "Need" n WHERE n."organisationId" = ANY(${ownOrganisationIds(viewer)}::text[])
      AND (n.title ILIKE ${like} OR n.summary ILIKE ${like})`;
  return new Set(rows.map((r) => r.id));
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
  const own = new Set(ownOrganisationIds(viewer));
  const [{ rows, entry }, textIds] = await Promise.all([
    visibleRows(viewer),
    params.q ? (mine ? ownTextIds(viewer, params.q) : searchIds(viewer, params.q)) : Promise.resolve(null),
  ]);
  const viewKey = JSON.stringify({ ...params, page: undefined, q: undefined });
  let view = !mine && !textIds ? entry?.views.get(viewKey) : undefined;
  if (!view) {
    const inScope = rows.filter(
      (r) => (mine ? own.has(r.org) : r.status !== "draft") && (!textIds || textIds.has(r.id)),
    );
    const { total, facets, matched } = facetAndFilter(inScope, params);
    view = { total, facets, sorted: matched.sort(compare(params.sort)) };
    if (!mine && !textIds && entry && entry.views.size < 500) entry.views.set(viewKey, view);
  }
  const { total, facets } = view;
  const ids = view.sorted.slice((params.page - 1) * pageSize, params.page * pageSize).map((r) => r.id);
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
    pages: Math.max(1, Math.ceil(total / pageSize)),
  };
}

export type NeedsBoard = Awaited<ReturnType<typeof loadNeedsBoard>>;
export type NeedBoardItem = NeedsBoard["items"][number];
