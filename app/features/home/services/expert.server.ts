// An expert organisation's home: proposals awaiting our answer (with their one deadline, expiresAt),
// engagements and what each needs next, and open needs our active offers could help with. Needs are
// shown at the level the policy allows (needAccess / visibleNeedsWhere), never more.
import {
  countryCoveredByWhere,
  needAccess,
  presentNeed,
  visibleNeedsWhere,
  type Viewer,
} from "~/features/auth/policy";
import type { Prisma } from "~/generated/prisma/client";
import { replyByOf } from "~/features/review/index.server";
import type { Db } from "~/utils/db.server";
import { HOME_LIST } from "./coalition.server";

function expertOrganisationIds(viewer: Viewer): string[] {
  return (viewer?.memberships ?? [])
    .filter((m) => m.kind === "EXPERT" && m.vettingLevel !== "unverified")
    .map((m) => m.organisationId);
}

/** What an engagement asks of us next. */
type NextStep = "reportStall" | "firstUpdate" | "keepUpdating" | "giveFeedback";

/** Needs our active offers fit: their category, their coverage, still being matched, not ours. */
async function mightHelpWhere(
  client: Db,
  viewer: Viewer,
  own: string[],
): Promise<Prisma.NeedWhereInput | null> {
  const offers = await client.offer.findMany({
    where: { organisationId: { in: own }, status: "active" },
    select: { categoryIds: true, coverageGlobal: true, coverageCountries: true, coverageRegions: true },
  });
  if (!offers.length) return null;
  return {
    AND: [
      visibleNeedsWhere(viewer),
      { status: { in: ["open", "matching"] }, organisationId: { notIn: own } },
      { OR: offers.map((o) => ({ AND: [{ categoryId: { in: o.categoryIds } }, countryCoveredByWhere(o)] })) },
      // Not already proposed to us (any way): those are under "proposals" or finished.
      { proposals: { none: { expertOrganisationId: { in: own } } } },
    ],
  };
}

export async function expertHome(client: Db, viewer: NonNullable<Viewer>) {
  const own = expertOrganisationIds(viewer);
  if (!own.length) return null;
  const awaitingWhere = { status: "approved" as const, expertOrganisationId: { in: own } };
  const activeWhere = { status: "active" as const, expertOrganisationId: { in: own } };
  const helpWhere = await mightHelpWhere(client, viewer, own);
  const [awaitingCount, awaiting, activeCount, active, closedNoFeedback, helpCount, help] = await Promise.all(
    [
      client.proposal.count({ where: awaitingWhere }),
      client.proposal.findMany({
        where: awaitingWhere,
        orderBy: [{ expiresAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
        take: HOME_LIST,
        select: {
          id: true,
          status: true,
          expiresAt: true,
          reviewedAt: true,
          offer: { select: { title: true } },
          need: {
            select: {
              id: true,
              title: true,
              contentLanguage: true,
              countryCode: true,
              urgency: true,
              organisationId: true,
              status: true,
              visibility: true,
              anonymised: true,
              organisation: { select: { name: true } },
            },
          },
        },
      }),
      client.engagement.count({ where: activeWhere }),
      client.engagement.findMany({
        where: activeWhere,
        // Stalled ones first, then those quiet the longest.
        orderBy: [{ stalledAt: { sort: "asc", nulls: "last" } }, { lastActivityAt: "asc" }, { id: "asc" }],
        take: HOME_LIST,
        select: {
          id: true,
          stalledAt: true,
          lastActivityAt: true,
          need: { select: { title: true, contentLanguage: true } },
          coalitionOrganisation: { select: { name: true } },
          _count: { select: { updates: true } },
        },
      }),
      client.engagement.findMany({
        where: {
          status: "closed",
          expertOrganisationId: { in: own },
          feedback: { none: { organisationId: { in: own } } },
        },
        orderBy: [{ closedAt: "desc" }, { id: "asc" }],
        take: HOME_LIST,
        select: {
          id: true,
          closedAt: true,
          need: { select: { title: true, contentLanguage: true } },
          coalitionOrganisation: { select: { name: true } },
        },
      }),
      helpWhere ? client.need.count({ where: helpWhere }) : 0,
      helpWhere
        ? client.need.findMany({
            where: helpWhere,
            orderBy: [{ urgency: "asc" }, { wantedBy: { sort: "asc", nulls: "last" } }, { id: "asc" }],
            take: HOME_LIST,
            select: {
              id: true,
              title: true,
              summary: true,
              contentLanguage: true,
              countryCode: true,
              urgency: true,
              wantedBy: true,
              organisationId: true,
              status: true,
              visibility: true,
              anonymised: true,
              organisation: { select: { name: true } },
            },
          })
        : [],
    ],
  );
  return {
    awaiting: {
      count: awaitingCount,
      items: awaiting.map((p) => {
        const access = needAccess(viewer, p.need, { proposalStatuses: [p.status], engaged: false });
        const need = access.level === "none" ? null : presentNeed(p.need, access);
        return {
          id: p.id,
          // The proposal's one deadline (review's rule), as its page and email show it.
          expiresAt: replyByOf(p),
          offerTitle: p.offer.title,
          needTitle: need?.title ?? null,
          lang: p.need.contentLanguage,
          countryCode: p.need.countryCode,
          urgency: p.need.urgency,
        };
      }),
    },
    engagements: {
      count: activeCount,
      items: active.map((e) => ({
        id: e.id,
        needTitle: e.need.title,
        lang: e.need.contentLanguage,
        partner: e.coalitionOrganisation.name,
        lastActivityAt: e.lastActivityAt,
        next: (e.stalledAt
          ? "reportStall"
          : e._count.updates === 0
            ? "firstUpdate"
            : "keepUpdating") as NextStep,
      })),
      feedback: closedNoFeedback.map((e) => ({
        id: e.id,
        needTitle: e.need.title,
        lang: e.need.contentLanguage,
        partner: e.coalitionOrganisation.name,
        next: "giveFeedback" as NextStep,
      })),
    },
    help: {
      count: helpCount,
      items: help.flatMap((n) => {
        const access = needAccess(viewer, n);
        if (access.level === "none") return [];
        const presented = presentNeed(n, access);
        return {
          id: n.id,
          title: presented.title,
          summary: presented.summary,
          lang: n.contentLanguage,
          countryCode: n.countryCode,
          urgency: n.urgency,
          wantedBy: n.wantedBy,
          coalitionName: presented.coalitionName ?? null,
        };
      }),
    },
  };
}
