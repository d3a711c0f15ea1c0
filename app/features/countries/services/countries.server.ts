// Country pages: the list of countries with activity, a country's page (rating and trend, open needs,
// offers covering it, engagements under way, expert organisations active there, the response map and its
// gaps, calls), the secretariat's rating, and members' activities. Everything a viewer gets is filtered by
// the policy functions (~/features/auth/policy and ../../coordination/policy); each list is one query.
import {
  coverageKind,
  coversCountryWhere,
  isMemberOf,
  isSecretariat,
  ownOrganisationIds,
  seesCountrySituation,
  visibleNeedsWhere,
  visibleOffersWhere,
  type Viewer,
} from "~/features/auth/policy";
import { expertRelations, needSummaries, needSummarySelect } from "~/features/needs/index.server";
import { resetReferenceCache } from "~/features/taxonomy/reference.server";
import type { Prisma } from "~/generated/prisma/client";
import type { ActivityKind, NeedStatus, Region } from "~/generated/prisma/enums";
import { regions } from "../constants";
import { audit } from "~/utils/audit.server";
import { db, type Tx } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { visibleActivitiesWhere, visibleCallsWhere } from "~/features/coordination/policy";
import type { ActivityInput } from "../schemas";
import { pageCount, pageNumber } from "~/utils/pagination";

const COUNTRIES_PAGE_SIZE = 25;
const SECTION_PAGE_SIZE = 10;

/** Needs that are still being worked on (drafts only reach their owner through visibleNeedsWhere). */
const liveNeedStatuses: NeedStatus[] = ["draft", "submitted", "needs_info", "open", "matching", "engaged"];
/** Needs waiting for help: the response map compares these against activities and offers. */
const openNeedStatuses: NeedStatus[] = ["open", "matching"];

export type Actor = { userId: string; ip?: string | null };

function startOfTodayUtc(now = new Date()) {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** Activities still under way (no end date, or ending today or later). */
function currentActivityWhere(now = new Date()): Prisma.CountryActivityWhereInput {
  return { OR: [{ endsOn: null }, { endsOn: { gte: startOfTodayUtc(now) } }] };
}

function engagementsWhere(viewer: Viewer): Prisma.EngagementWhereInput {
  if (isSecretariat(viewer)) return {};
  const own = ownOrganisationIds(viewer);
  return { OR: [{ coalitionOrganisationId: { in: own } }, { expertOrganisationId: { in: own } }] };
}

// ───────────── the list ─────────────

export async function listCountries(
  viewer: Viewer,
  options: { region?: string | null; page?: unknown; now?: Date } = {},
) {
  const region = regions.includes(options.region as Region) ? (options.region as Region) : null;
  const now = options.now ?? new Date();
  const needWhere: Prisma.NeedWhereInput = {
    AND: [visibleNeedsWhere(viewer), { status: { in: liveNeedStatuses } }],
  };
  const activityWhere: Prisma.CountryActivityWhereInput = {
    AND: [visibleActivitiesWhere(viewer), currentActivityWhere(now)],
  };
  const callWhere: Prisma.CoordinationCallWhereInput = {
    AND: [visibleCallsWhere(viewer), { status: "scheduled", startsAt: { gte: now } }],
  };
  // At most ~250 countries: one query with filtered counts, sorted and paged in memory by the caller's needs.
  const rows = await db().country.findMany({
    where: {
      ...(region ? { region } : {}),
      OR: [
        { needs: { some: needWhere } },
        { activities: { some: activityWhere } },
        { calls: { some: visibleCallsWhere(viewer) } },
      ],
    },
    select: {
      code: true,
      region: true,
      civicSpaceRating: true,
      ratingTrend: true,
      _count: {
        select: {
          needs: { where: needWhere },
          activities: { where: activityWhere },
          calls: { where: callWhere },
        },
      },
    },
    orderBy: { code: "asc" },
  });
  const total = rows.length;
  const pages = pageCount(total, COUNTRIES_PAGE_SIZE);
  const page = Math.min(pageNumber(options.page), pages);
  return {
    region,
    page,
    pages,
    total,
    pageSize: COUNTRIES_PAGE_SIZE,
    /** All rows (the page sorts them by localised name before slicing with `slice`). */
    rows: rows.map((r) => ({
      code: r.code,
      region: r.region,
      rating: r.civicSpaceRating,
      trend: r.ratingTrend,
      needs: r._count.needs,
      activities: r._count.activities,
      upcomingCalls: r._count.calls,
    })),
  };
}

// ───────────── a country's page ─────────────

export async function loadCountryPage(
  viewer: Viewer,
  code: string,
  options: {
    needsPage?: unknown;
    offersPage?: unknown;
    activitiesPage?: unknown;
    now?: Date;
    actor?: Actor;
  } = {},
) {
  const upper = code.toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper)) throw httpError(404, "common:errors.notFound");
  const secretariat = isSecretariat(viewer);
  const now = options.now ?? new Date();
  const country = await db().country.findUnique({
    where: { code: upper },
    select: {
      code: true,
      region: true,
      civicSpaceRating: true,
      ratingTrend: true,
      situationNote: true,
      ratingUpdatedAt: true,
    },
  });
  if (!country) throw httpError(404, "common:errors.notFound");

  const needWhere: Prisma.NeedWhereInput = {
    AND: [visibleNeedsWhere(viewer), { countryCode: upper, status: { in: liveNeedStatuses } }],
  };
  const offerWhere: Prisma.OfferWhereInput = {
    AND: [visibleOffersWhere(viewer), { status: "active" }, coversCountryWhere(upper, country.region)],
  };
  const activityWhere: Prisma.CountryActivityWhereInput = {
    AND: [visibleActivitiesWhere(viewer), { countryCode: upper }, currentActivityWhere(now)],
  };
  const engagementWhere: Prisma.EngagementWhereInput = {
    AND: [engagementsWhere(viewer), { status: "active", need: { countryCode: upper } }],
  };
  const needsPage = pageNumber(options.needsPage);
  const offersPage = pageNumber(options.offersPage);
  const activitiesPage = pageNumber(options.activitiesPage);

  const [
    history,
    needTotal,
    needRows,
    offerTotal,
    offerRows,
    activityTotal,
    activityRows,
    engagements,
    experts,
    activityKinds,
    openNeedCategories,
    offerCategories,
    calls,
    engagementCategories,
  ] = await Promise.all([
    db().countryRatingChange.findMany({
      where: { countryCode: upper },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: {
        id: true,
        rating: true,
        trend: true,
        note: true,
        createdAt: true,
        setBy: secretariat ? { select: { name: true } } : false,
      },
    }),
    db().need.count({ where: needWhere }),
    db().need.findMany({
      where: needWhere,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (needsPage - 1) * SECTION_PAGE_SIZE,
      take: SECTION_PAGE_SIZE,
      select: needSummarySelect,
    }),
    db().offer.count({ where: offerWhere }),
    db().offer.findMany({
      where: offerWhere,
      orderBy: [{ publishedAt: "desc" }, { id: "asc" }],
      skip: (offersPage - 1) * SECTION_PAGE_SIZE,
      take: SECTION_PAGE_SIZE,
      select: {
        id: true,
        title: true,
        categoryIds: true,
        coverageGlobal: true,
        coverageCountries: true,
        coverageRegions: true,
        contentLanguage: true,
        organisation: { select: { id: true, name: true, vettingLevel: true } },
      },
    }),
    db().countryActivity.count({ where: activityWhere }),
    db().countryActivity.findMany({
      where: activityWhere,
      orderBy: [{ startsOn: "desc" }, { id: "asc" }],
      skip: (activitiesPage - 1) * SECTION_PAGE_SIZE,
      take: SECTION_PAGE_SIZE,
      select: {
        id: true,
        kind: true,
        summary: true,
        contentLanguage: true,
        startsOn: true,
        endsOn: true,
        visibility: true,
        organisation: { select: { id: true, name: true, kind: true } },
      },
    }),
    db().engagement.findMany({
      where: engagementWhere,
      orderBy: { startedAt: "desc" },
      take: 20,
      select: {
        id: true,
        startedAt: true,
        lastActivityAt: true,
        stalledAt: true,
        need: { select: { id: true, title: true, contentLanguage: true } },
        expertOrganisation: { select: { id: true, name: true } },
      },
    }),
    db().organisation.findMany({
      where: {
        kind: "EXPERT",
        OR: [
          { countryActivities: { some: activityWhere } },
          { engagementsAsExpert: { some: engagementWhere } },
        ],
      },
      orderBy: { name: "asc" },
      take: 50,
      select: { id: true, name: true },
    }),
    db().countryActivity.groupBy({ by: ["kind"], where: activityWhere, _count: { _all: true } }),
    db().need.groupBy({
      by: ["categoryId"],
      where: { AND: [visibleNeedsWhere(viewer), { countryCode: upper, status: { in: openNeedStatuses } }] },
      _count: { _all: true },
    }),
    // Offers' categories are arrays: one row per (category) with a count, in one SQL query over visible offer ids.
    db().offer.findMany({ where: offerWhere, select: { categoryIds: true }, take: 2000 }),
    db().coordinationCall.findMany({
      where: { AND: [visibleCallsWhere(viewer), { countryCode: upper }] },
      orderBy: { startsAt: "desc" },
      take: 10,
      select: { id: true, title: true, startsAt: true, timeZone: true, status: true },
    }),
    // Engagements under way count as activity on the response map (by their need's category), for the
    // needs the viewer may see; the list above names only the viewer's own.
    db().engagement.findMany({
      where: { status: "active", need: { AND: [visibleNeedsWhere(viewer), { countryCode: upper }] } },
      select: { need: { select: { categoryId: true } } },
      take: 2000,
    }),
  ]);

  const relations = await expertRelations(
    viewer,
    needRows.map((n) => n.id),
  );
  const needs = needSummaries(viewer, needRows, relations);

  const kindCounts = new Map<ActivityKind, number>(activityKinds.map((k) => [k.kind, k._count._all]));
  const needCounts = new Map(openNeedCategories.map((c) => [c.categoryId, c._count._all]));
  const engagementCounts = new Map<string, number>();
  for (const e of engagementCategories)
    engagementCounts.set(e.need.categoryId, (engagementCounts.get(e.need.categoryId) ?? 0) + 1);
  const offerCounts = new Map<string, number>();
  for (const o of offerCategories)
    for (const c of o.categoryIds) offerCounts.set(c, (offerCounts.get(c) ?? 0) + 1);

  // The situation note and the rating history's notes are the secretariat's reading of a country: for
  // vetted members only (policy: seesCountrySituation); an unverified organisation sees the rating alone.
  const situation = seesCountrySituation(viewer);
  return {
    country: {
      ...country,
      situationNote: situation ? country.situationNote : null,
    },
    history: history.map((h) => ({
      ...h,
      note: situation ? h.note : null,
      setByName: secretariat ? ((h as { setBy?: { name: string } | null }).setBy?.name ?? null) : null,
    })),
    needs: {
      items: needs,
      total: needTotal,
      page: needsPage,
      pages: pageCount(needTotal, SECTION_PAGE_SIZE),
    },
    offers: {
      items: offerRows.map(({ coverageGlobal, coverageCountries, coverageRegions, ...o }) => ({
        ...o,
        coverage: coverageKind({ coverageGlobal, coverageCountries, coverageRegions }, upper, country.region),
      })),
      total: offerTotal,
      page: offersPage,
      pages: pageCount(offerTotal, SECTION_PAGE_SIZE),
    },
    activities: {
      items: activityRows.map((a) => ({ ...a, own: isMemberOf(viewer, a.organisation.id) })),
      total: activityTotal,
      page: activitiesPage,
      pages: pageCount(activityTotal, SECTION_PAGE_SIZE),
    },
    engagements: engagements.map((e) => ({ ...e, stalled: !!e.stalledAt })),
    experts,
    kindCounts: Object.fromEntries(kindCounts) as Partial<Record<ActivityKind, number>>,
    needCounts: Object.fromEntries(needCounts) as Record<string, number>,
    offerCounts: Object.fromEntries(offerCounts) as Record<string, number>,
    engagementCounts: Object.fromEntries(engagementCounts) as Record<string, number>,
    calls,
    secretariat,
  };
}

export type CountryPage = Awaited<ReturnType<typeof loadCountryPage>>;

/**
 * The response map's gaps: for each category of the taxonomy, the open needs the viewer may see, current
 * activities of the matching kind, engagements under way and active offers covering the country. Activity
 * means recorded activities or engagements under way. A gap is a category where nobody is active, or where
 * open needs have neither activity nor an offer.
 */
export function responseGaps(
  page: Pick<CountryPage, "kindCounts" | "needCounts" | "offerCounts"> &
    Partial<Pick<CountryPage, "engagementCounts">>,
  categoryIds: string[],
) {
  return categoryIds.map((id) => {
    const activities = page.kindCounts[id as ActivityKind] ?? 0;
    const engagements = page.engagementCounts?.[id] ?? 0;
    const openNeeds = page.needCounts[id] ?? 0;
    const offers = page.offerCounts[id] ?? 0;
    const active = activities + engagements;
    const gap: "none" | "no_activity" | "unmet_needs" =
      openNeeds > 0 && active === 0 && offers === 0 ? "unmet_needs" : active === 0 ? "no_activity" : "none";
    return { id, activities, engagements, openNeeds, offers, gap };
  });
}

/** Audits a view of a country page (who looked, and how much they were shown). */
export async function auditCountryView(
  actor: Actor,
  code: string,
  shown: { needs: number; activities: number },
) {
  await audit(db(), {
    actorId: actor.userId,
    action: "country.viewed",
    entityType: "country",
    entityId: code,
    ip: actor.ip ?? null,
    metadata: shown,
  });
}

// ───────────── rating (secretariat) ─────────────

export async function setCountryRating(
  tx: Tx,
  actor: Actor,
  code: string,
  input: {
    rating: "open" | "narrowed" | "obstructed" | "repressed" | "closed";
    trend: "improving" | "stable" | "worsening";
    note?: string | null;
  },
) {
  const before = await tx.country.findUnique({
    where: { code },
    select: { civicSpaceRating: true, ratingTrend: true },
  });
  if (!before) throw httpError(404, "common:errors.notFound");
  const now = new Date();
  const note = input.note?.trim() || null;
  await tx.country.update({
    where: { code },
    data: {
      civicSpaceRating: input.rating,
      ratingTrend: input.trend,
      situationNote: note,
      ratingUpdatedAt: now,
      ratingUpdatedById: actor.userId,
    },
  });
  const change = await tx.countryRatingChange.create({
    data: {
      countryCode: code,
      rating: input.rating,
      trend: input.trend,
      note,
      setById: actor.userId,
      createdAt: now,
    },
    select: { id: true },
  });
  await audit(tx, {
    actorId: actor.userId,
    action: "country.rating_set",
    entityType: "country",
    entityId: code,
    ip: actor.ip ?? null,
    metadata: {
      from: before.civicSpaceRating,
      to: input.rating,
      fromTrend: before.ratingTrend,
      trend: input.trend,
      changeId: change.id,
    },
  });
  // New needs take their default visibility from the rating (reference data is cached for a minute).
  resetReferenceCache();
  return change;
}

// ───────────── activities (members) ─────────────

/** Records what an organisation does in a country. The viewer must be a member of a verified organisation. */
export async function createActivity(
  tx: Tx,
  viewer: NonNullable<Viewer>,
  actor: Actor,
  code: string,
  input: Omit<ActivityInput, "intent">,
) {
  const membership = viewer.memberships.find((m) => m.organisationId === input.organisationId);
  if (!membership || membership.vettingLevel === "unverified")
    throw httpError(403, "common:errors.forbidden");
  const country = await tx.country.findUnique({ where: { code }, select: { code: true } });
  if (!country) throw httpError(404, "common:errors.notFound");
  const activity = await tx.countryActivity.create({
    data: {
      countryCode: code,
      organisationId: input.organisationId,
      createdById: actor.userId,
      kind: input.kind,
      summary: input.summary,
      contentLanguage: input.contentLanguage,
      startsOn: new Date(`${input.startsOn}T00:00:00Z`),
      endsOn: input.endsOn ? new Date(`${input.endsOn}T00:00:00Z`) : null,
      visibility: input.visibility,
    },
    select: { id: true },
  });
  await audit(tx, {
    actorId: actor.userId,
    organisationId: input.organisationId,
    action: "country_activity.created",
    entityType: "country_activity",
    entityId: activity.id,
    ip: actor.ip ?? null,
    metadata: { countryCode: code, kind: input.kind, visibility: input.visibility },
  });
  return activity;
}
