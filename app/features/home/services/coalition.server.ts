// A coalition's home: what waits for us (experts who accepted and wait for our confirmation, questions
// from experts, actions agreed on calls), our needs by stage, and recent activity in our country.
// Every list goes through the policy (needs of our own organisations, activities as
// visibleActivitiesWhere allows, actions as ownActionsWhere allows, threads as threadAccess allows).
import { type Viewer } from "~/features/auth/policy";
import { ownActionsWhere, visibleActivitiesWhere } from "~/features/coordination/policy";
import { inbox } from "~/features/conversations/index.server";
import type { NeedStatus } from "~/generated/prisma/enums";
import type { Db } from "~/utils/db.server";
import { startOfTodayUtc } from "./dates";

export const HOME_LIST = 5;

/** The stages a coalition's needs go through, in the order the home shows them. */
const needStages = [
  "draft",
  "submitted",
  "needs_info",
  "open",
  "matching",
  "engaged",
  "completed",
  "closed_unmet",
  "declined",
  "withdrawn",
] as const satisfies readonly NeedStatus[];

function coalitionOrganisationIds(viewer: Viewer): string[] {
  return (viewer?.memberships ?? [])
    .filter((m) => m.kind === "COALITION" && m.vettingLevel !== "unverified")
    .map((m) => m.organisationId);
}

export async function coalitionHome(client: Db, viewer: NonNullable<Viewer>, now = new Date()) {
  const own = coalitionOrganisationIds(viewer);
  if (!own.length) return null;
  const today = startOfTodayUtc(now);
  const toConfirmWhere = { status: "accepted" as const, need: { organisationId: { in: own } } };
  const actionsWhere = { AND: [ownActionsWhere(viewer), { status: "open" as const }] };
  const organisations = await client.organisation.findMany({
    where: { id: { in: own } },
    select: { countryCode: true },
  });
  const countries = [...new Set(organisations.map((o) => o.countryCode).filter((c): c is string => !!c))];
  const activityWhere = { AND: [visibleActivitiesWhere(viewer), { countryCode: { in: countries } }] };
  const [
    toConfirmCount,
    toConfirm,
    actionsCount,
    actionsOverdue,
    actions,
    stages,
    activityCount,
    activities,
    threads,
  ] = await Promise.all([
    client.proposal.count({ where: toConfirmWhere }),
    client.proposal.findMany({
      where: toConfirmWhere,
      orderBy: [{ respondedAt: "asc" }, { id: "asc" }],
      take: HOME_LIST,
      select: {
        id: true,
        respondedAt: true,
        need: { select: { id: true, title: true, contentLanguage: true } },
        expertOrganisation: { select: { name: true } },
      },
    }),
    client.callAction.count({ where: actionsWhere }),
    client.callAction.count({ where: { AND: [actionsWhere, { dueOn: { lt: today } }] } }),
    client.callAction.findMany({
      where: actionsWhere,
      orderBy: [{ dueOn: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
      take: HOME_LIST,
      select: { id: true, title: true, dueOn: true, callId: true },
    }),
    client.need.groupBy({
      by: ["status"],
      where: { organisationId: { in: own } },
      _count: { _all: true },
    }),
    client.countryActivity.count({ where: activityWhere }),
    client.countryActivity.findMany({
      where: activityWhere,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: HOME_LIST,
      select: {
        id: true,
        kind: true,
        summary: true,
        contentLanguage: true,
        countryCode: true,
        startsOn: true,
        createdAt: true,
        organisation: { select: { name: true } },
      },
    }),
    inbox(viewer),
  ]);
  // Questions from experts: proposal threads on our needs with messages we have not read.
  const questions = threads.filter((t) => t.kind === "proposal" && t.unread > 0);
  const byStatus = new Map(stages.map((s) => [s.status, s._count._all]));
  return {
    countries,
    toConfirm: {
      count: toConfirmCount,
      items: toConfirm.map((p) => ({
        id: p.id,
        needId: p.need.id,
        needTitle: p.need.title,
        lang: p.need.contentLanguage,
        expertName: p.expertOrganisation.name,
        since: p.respondedAt,
      })),
    },
    questions: {
      count: questions.length,
      unread: questions.reduce((n, q) => n + q.unread, 0),
      items: questions.slice(0, HOME_LIST).map((q) => ({
        id: q.id,
        needTitle: q.needTitle,
        lang: q.lang,
        unread: q.unread,
      })),
    },
    actions: {
      count: actionsCount,
      overdue: actionsOverdue,
      items: actions.map((a) => ({ ...a, overdue: !!a.dueOn && a.dueOn < today })),
    },
    stages: needStages
      .map((status) => ({ status, count: byStatus.get(status) ?? 0 }))
      .filter((s) => s.count > 0),
    activity: { count: activityCount, items: activities },
  };
}
