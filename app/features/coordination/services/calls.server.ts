// Coordination calls: the secretariat schedules a call for a country and invites organisations (each
// member gets an email linking to the call and its calendar file); the agenda is built for each reader
// from what they may see (open needs, activities since the last call, stalled engagements, actions to
// follow up); after the call the secretariat records notes and actions; an action can become a need
// draft for the coalition that owns it (through the marketplace's createNeed). Every change is one
// transaction with its audit event; views are audited by the routes.
import { isSecretariat, needAccess, visibleNeedsWhere, type Viewer } from "~/features/auth/policy";
import { queueEmail } from "~/features/email/services/queue-email.server";
import { expertRelations } from "~/features/needs/services/needs-board.server";
import { needSummaries, needSummarySelect } from "~/features/needs/services/need-summaries.server";
import { createNeed } from "~/features/needs/services/need-lifecycle.server";
import type { Prisma } from "~/generated/prisma/client";
import type { CivicContext, NeedStatus } from "~/generated/prisma/enums";
import { isLocale } from "~/i18n/config";
import { audit } from "~/utils/audit.server";
import { db, type Tx } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { appUrl } from "~/utils/urls";
import {
  callAccess,
  visibleActionsWhere,
  visibleActivitiesWhere,
  visibleNotesWhere,
  type CallAccess,
} from "../policy";
import type { ActionInput, FollowUpInput, NoteInput, ScheduleCallInput } from "../schemas";
import { zonedLocalToUtc } from "../time";

export type Actor = { userId: string; ip?: string | null };

export const CALLS_PAGE_SIZE = 20;
export const AGENDA_LIMIT = 50;
/** Without an earlier call, the agenda looks back this far. */
export const AGENDA_DEFAULT_DAYS = 30;
const agendaNeedStatuses: NeedStatus[] = ["submitted", "needs_info", "open", "matching"];

// ───────────── scheduling ─────────────

export async function scheduleCall(actor: Actor, input: Omit<ScheduleCallInput, "intent">, now = new Date()) {
  const startsAt = zonedLocalToUtc(input.localStart, input.timeZone);
  if (!startsAt) throw httpError(400, "coordination:errors.dateTime");
  if (startsAt.getTime() < now.getTime()) throw httpError(400, "coordination:errors.past");
  const inviteeIds = [...new Set(input.invitees)];
  return db().$transaction(async (tx) => {
    const country = await tx.country.findUnique({
      where: { code: input.countryCode },
      select: { code: true },
    });
    if (!country) throw httpError(400, "coordination:errors.country");
    const organisations = await tx.organisation.findMany({
      where: { id: { in: inviteeIds }, kind: { not: "SECRETARIAT" } },
      select: { id: true },
    });
    if (organisations.length !== inviteeIds.length) throw httpError(400, "coordination:errors.invitees");
    const previous = await tx.coordinationCall.findFirst({
      where: { countryCode: input.countryCode, status: { not: "cancelled" }, startsAt: { lt: startsAt } },
      orderBy: { startsAt: "desc" },
      select: { startsAt: true },
    });
    const call = await tx.coordinationCall.create({
      data: {
        countryCode: input.countryCode,
        title: input.title?.trim() || "",
        startsAt,
        durationMinutes: input.durationMinutes,
        timeZone: input.timeZone,
        agendaNote: input.agendaNote?.trim() ?? "",
        agendaSince: previous?.startsAt ?? new Date(now.getTime() - AGENDA_DEFAULT_DAYS * 86_400_000),
        createdById: actor.userId,
        invitees: { create: inviteeIds.map((organisationId) => ({ organisationId })) },
      },
      select: { id: true, startsAt: true, sequence: true },
    });
    const emails = await queueCallEmails(tx, call.id, "call_invitation");
    await audit(tx, {
      actorId: actor.userId,
      action: "call.scheduled",
      entityType: "coordination_call",
      entityId: call.id,
      ip: actor.ip ?? null,
      metadata: { countryCode: input.countryCode, invitees: inviteeIds.length, emails },
    });
    return call;
  });
}

export async function setCallStatus(actor: Actor, callId: string, intent: "mark_held" | "cancel") {
  const to = intent === "mark_held" ? "held" : "cancelled";
  return db().$transaction(async (tx) => {
    const { count } = await tx.coordinationCall.updateMany({
      where: { id: callId, status: "scheduled" },
      data: { status: to, ...(to === "cancelled" ? { sequence: { increment: 1 } } : {}) },
    });
    if (count === 0) throw httpError(409, "coordination:errors.callState");
    const emails = to === "cancelled" ? await queueCallEmails(tx, callId, "call_cancelled") : 0;
    await audit(tx, {
      actorId: actor.userId,
      action: `call.${to}`,
      entityType: "coordination_call",
      entityId: callId,
      ip: actor.ip ?? null,
      ...(to === "cancelled" ? { metadata: { emails } } : {}),
    });
  });
}

/**
 * One email per person in the invited organisations (someone in two of them gets one), in their
 * language, each keyed by the call's sequence so a retry never sends twice. Returns how many.
 */
async function queueCallEmails(tx: Tx, callId: string, template: "call_invitation" | "call_cancelled") {
  const call = await tx.coordinationCall.findUniqueOrThrow({
    where: { id: callId },
    select: {
      id: true,
      countryCode: true,
      startsAt: true,
      sequence: true,
      invitees: { select: { organisationId: true } },
    },
  });
  const members = await tx.membership.findMany({
    where: { organisationId: { in: call.invitees.map((i) => i.organisationId) }, user: { deletedAt: null } },
    select: { user: { select: { id: true, email: true, locale: true } } },
  });
  const users = new Map(members.map((m) => [m.user.id, m.user]));
  for (const user of users.values()) {
    await queueEmail(tx, {
      to: user.email,
      userId: user.id,
      template,
      locale: isLocale(user.locale) ? user.locale : "en",
      params: {
        callUrl: appUrl(`/calls/${call.id}`),
        countryCode: call.countryCode,
        startsAt: call.startsAt.toISOString(),
        callId: call.id,
      },
      dedupeKey: `${template}:${call.id}:${call.sequence}:${user.id}`,
    });
  }
  return users.size;
}

// ───────────── reading ─────────────

export async function listCalls(
  viewer: Viewer,
  options: { page?: unknown; when?: "upcoming" | "past"; now?: Date } = {},
) {
  if (!isSecretariat(viewer)) throw httpError(403, "common:errors.forbidden");
  const now = options.now ?? new Date();
  const upcoming = options.when !== "past";
  const where: Prisma.CoordinationCallWhereInput = upcoming
    ? { startsAt: { gte: now } }
    : { startsAt: { lt: now } };
  const total = await db().coordinationCall.count({ where });
  const pages = Math.max(1, Math.ceil(total / CALLS_PAGE_SIZE));
  const n = Number(options.page);
  const page = Math.min(Number.isInteger(n) && n >= 1 ? n : 1, pages);
  const items = await db().coordinationCall.findMany({
    where,
    orderBy: { startsAt: upcoming ? "asc" : "desc" },
    skip: (page - 1) * CALLS_PAGE_SIZE,
    take: CALLS_PAGE_SIZE,
    select: {
      id: true,
      countryCode: true,
      title: true,
      startsAt: true,
      timeZone: true,
      status: true,
      _count: { select: { invitees: true, actions: true } },
    },
  });
  return { items, total, page, pages, pageSize: CALLS_PAGE_SIZE, when: upcoming ? "upcoming" : "past" };
}

/** The call and the viewer's access to it; 404 when the viewer may not know it exists. */
export async function loadCallFor(viewer: Viewer, callId: string) {
  const call = await db().coordinationCall.findUnique({
    where: { id: callId },
    select: {
      id: true,
      countryCode: true,
      title: true,
      startsAt: true,
      durationMinutes: true,
      timeZone: true,
      agendaNote: true,
      agendaSince: true,
      status: true,
      sequence: true,
      createdAt: true,
      invitees: {
        select: { organisation: { select: { id: true, name: true, kind: true } } },
        orderBy: { invitedAt: "asc" },
      },
    },
  });
  if (!call) throw httpError(404, "common:errors.notFound");
  const access = callAccess(
    viewer,
    call.invitees.map((i) => i.organisation.id),
  );
  if (access === "none") throw httpError(404, "common:errors.notFound");
  return { call, access };
}

export type LoadedCall = Awaited<ReturnType<typeof loadCallFor>>["call"];

/** Since when the agenda looks: the previous (not cancelled) call of the country, else the stored default. */
async function agendaSince(call: Pick<LoadedCall, "id" | "countryCode" | "startsAt" | "agendaSince">) {
  const previous = await db().coordinationCall.findFirst({
    where: {
      countryCode: call.countryCode,
      status: { not: "cancelled" },
      startsAt: { lt: call.startsAt },
      id: { not: call.id },
    },
    orderBy: { startsAt: "desc" },
    select: { id: true, startsAt: true },
  });
  return { since: previous?.startsAt ?? call.agendaSince, previousCallId: previous?.id ?? null };
}

const actionSelect = {
  id: true,
  callId: true,
  kind: true,
  title: true,
  description: true,
  categoryId: true,
  dueOn: true,
  status: true,
  visibility: true,
  followUpNote: true,
  followedUpAtCallId: true,
  createdNeedId: true,
  createdAt: true,
  ownerOrganisation: { select: { id: true, name: true, kind: true } },
  ownerUser: { select: { id: true, name: true } },
  createdNeed: {
    select: { id: true, status: true, organisationId: true, visibility: true, anonymised: true },
  },
} satisfies Prisma.CallActionSelect;

type ActionRow = Prisma.CallActionGetPayload<{ select: typeof actionSelect }>;

/** An action as the viewer may see it: the need it became is linked only when the viewer may see that need. */
function presentAction(viewer: Viewer, a: ActionRow) {
  const { createdNeed, ...rest } = a;
  const needVisible = createdNeed ? needAccess(viewer, createdNeed).level !== "none" : false;
  return {
    ...rest,
    createdNeedId: needVisible ? a.createdNeedId : null,
    needCreated: !!createdNeed,
    createdNeedStatus: needVisible ? (createdNeed?.status ?? null) : null,
  };
}

/**
 * The agenda of a call for this viewer: open needs of the country they may see, activities recorded since
 * the last call, stalled engagements they may see, and open actions of earlier calls to follow up.
 */
export async function buildAgenda(
  viewer: Viewer,
  call: Pick<LoadedCall, "id" | "countryCode" | "startsAt" | "agendaSince">,
  access: CallAccess,
) {
  const { since, previousCallId } = await agendaSince(call);
  const secretariat = access === "secretariat";
  const [needRows, activities, stalled, followUps] = await Promise.all([
    db().need.findMany({
      where: {
        AND: [
          visibleNeedsWhere(viewer),
          { countryCode: call.countryCode, status: { in: agendaNeedStatuses } },
        ],
      },
      orderBy: [{ urgency: "asc" }, { createdAt: "desc" }],
      take: AGENDA_LIMIT,
      select: needSummarySelect,
    }),
    db().countryActivity.findMany({
      where: {
        AND: [visibleActivitiesWhere(viewer), { countryCode: call.countryCode, createdAt: { gte: since } }],
      },
      orderBy: { createdAt: "desc" },
      take: AGENDA_LIMIT,
      select: {
        id: true,
        kind: true,
        summary: true,
        contentLanguage: true,
        startsOn: true,
        endsOn: true,
        visibility: true,
        organisation: { select: { id: true, name: true } },
      },
    }),
    db().engagement.findMany({
      where: {
        status: "active",
        stalledAt: { not: null },
        need: { AND: [{ countryCode: call.countryCode }, secretariat ? {} : visibleNeedsWhere(viewer)] },
      },
      orderBy: { lastActivityAt: "asc" },
      take: AGENDA_LIMIT,
      select: {
        id: true,
        lastActivityAt: true,
        stalledAt: true,
        expertOrganisationId: true,
        coalitionOrganisationId: true,
        expertOrganisation: { select: { name: true } },
        need: {
          select: {
            id: true,
            title: true,
            contentLanguage: true,
            organisationId: true,
            status: true,
            visibility: true,
            anonymised: true,
            organisation: { select: { name: true } },
          },
        },
      },
    }),
    db().callAction.findMany({
      where: {
        AND: [
          visibleActionsWhere(viewer, access),
          { call: { countryCode: call.countryCode, startsAt: { lt: call.startsAt }, id: { not: call.id } } },
          { OR: [{ status: "open" }, { followedUpAtCallId: call.id }] },
        ],
      },
      orderBy: [{ dueOn: "asc" }, { createdAt: "asc" }],
      take: AGENDA_LIMIT,
      select: actionSelect,
    }),
  ]);
  const relations = await expertRelations(viewer, [
    ...needRows.map((n) => n.id),
    ...stalled.map((e) => e.need.id),
  ]);
  const openNeeds = needSummaries(viewer, needRows, relations);
  const stalledEngagements = stalled.flatMap((e) => {
    const needSeen = needAccess(viewer, e.need, relations.get(e.need.id));
    if (needSeen.level === "none") return [];
    const party =
      secretariat ||
      viewer?.memberships.some(
        (m) => m.organisationId === e.expertOrganisationId || m.organisationId === e.coalitionOrganisationId,
      );
    return [
      {
        id: e.id,
        lastActivityAt: e.lastActivityAt,
        needId: e.need.id,
        needTitle: e.need.title,
        contentLanguage: e.need.contentLanguage,
        // The engagement's parties are named to the secretariat and the parties only.
        expertName: party ? e.expertOrganisation.name : null,
        coalitionName: party && needSeen.showCoalition ? e.need.organisation.name : null,
        linkable: !!party,
      },
    ];
  });
  return {
    since,
    previousCallId,
    openNeeds,
    activities,
    stalledEngagements,
    followUps: followUps.map((a) => presentAction(viewer, a)),
  };
}

export async function loadNotesAndActions(viewer: Viewer, callId: string, access: CallAccess, notesPage = 1) {
  const NOTES_PAGE = 50;
  const noteWhere: Prisma.CallNoteWhereInput = { AND: [visibleNotesWhere(access), { callId }] };
  const [noteTotal, notes, actions] = await Promise.all([
    db().callNote.count({ where: noteWhere }),
    db().callNote.findMany({
      where: noteWhere,
      orderBy: { createdAt: "asc" },
      skip: (notesPage - 1) * NOTES_PAGE,
      take: NOTES_PAGE,
      select: {
        id: true,
        body: true,
        contentLanguage: true,
        visibility: true,
        createdAt: true,
        author: { select: { name: true } },
      },
    }),
    db().callAction.findMany({
      where: { AND: [visibleActionsWhere(viewer, access), { callId }] },
      orderBy: { createdAt: "asc" },
      take: 200,
      select: actionSelect,
    }),
  ]);
  return {
    notes: {
      items: notes,
      total: noteTotal,
      page: notesPage,
      pages: Math.max(1, Math.ceil(noteTotal / NOTES_PAGE)),
      pageSize: NOTES_PAGE,
    },
    actions: actions.map((a) => presentAction(viewer, a)),
  };
}

export async function auditCallView(
  actor: Actor,
  callId: string,
  action: "call.viewed" | "call.calendar_downloaded",
  metadata: Prisma.InputJsonValue = {},
) {
  await audit(db(), {
    actorId: actor.userId,
    action,
    entityType: "coordination_call",
    entityId: callId,
    ip: actor.ip ?? null,
    metadata,
  });
}

// ───────────── after the call (secretariat) ─────────────

export async function addNote(actor: Actor, callId: string, input: Omit<NoteInput, "intent">) {
  return db().$transaction(async (tx) => {
    const call = await tx.coordinationCall.findUnique({ where: { id: callId }, select: { id: true } });
    if (!call) throw httpError(404, "common:errors.notFound");
    const note = await tx.callNote.create({
      data: {
        callId,
        authorId: actor.userId,
        body: input.body,
        contentLanguage: input.contentLanguage,
        visibility: input.visibility,
      },
      select: { id: true },
    });
    await audit(tx, {
      actorId: actor.userId,
      action: "call.note_added",
      entityType: "coordination_call",
      entityId: callId,
      ip: actor.ip ?? null,
      metadata: { noteId: note.id, visibility: input.visibility },
    });
    return note;
  });
}

export async function addAction(actor: Actor, callId: string, input: Omit<ActionInput, "intent">) {
  return db().$transaction(async (tx) => {
    const call = await tx.coordinationCall.findUnique({
      where: { id: callId },
      select: { id: true, invitees: { select: { organisationId: true } } },
    });
    if (!call) throw httpError(404, "common:errors.notFound");
    const inviteeIds = call.invitees.map((i) => i.organisationId);
    let ownerOrganisationId: string | null = null;
    if (input.ownerOrganisationId) {
      if (!inviteeIds.includes(input.ownerOrganisationId))
        throw httpError(400, "coordination:errors.ownerNotInvited");
      const org = await tx.organisation.findUniqueOrThrow({
        where: { id: input.ownerOrganisationId },
        select: { kind: true },
      });
      if (input.kind === "need" && org.kind !== "COALITION")
        throw httpError(400, "coordination:errors.needOwner");
      ownerOrganisationId = input.ownerOrganisationId;
    }
    let ownerUserId: string | null = null;
    if (input.ownerUserId) {
      // The owner must belong to the owning organisation, or (without one) to an invitee or the secretariat.
      const allowed = await tx.membership.findFirst({
        where: {
          userId: input.ownerUserId,
          user: { deletedAt: null },
          organisation: ownerOrganisationId
            ? { id: ownerOrganisationId }
            : { OR: [{ id: { in: inviteeIds } }, { kind: "SECRETARIAT" }] },
        },
        select: { userId: true },
      });
      if (!allowed) throw httpError(400, "coordination:errors.ownerUser");
      ownerUserId = input.ownerUserId;
    }
    if (input.categoryId) {
      const category = await tx.category.findUnique({
        where: { id: input.categoryId },
        select: { id: true },
      });
      if (!category) throw httpError(400, "coordination:errors.needCategory");
    }
    const action = await tx.callAction.create({
      data: {
        callId,
        kind: input.kind,
        title: input.title,
        description: input.description?.trim() ?? "",
        categoryId: input.categoryId || null,
        ownerOrganisationId,
        ownerUserId,
        dueOn: input.dueOn ? new Date(`${input.dueOn}T00:00:00Z`) : null,
        visibility: input.visibility,
        createdById: actor.userId,
      },
      select: { id: true },
    });
    await audit(tx, {
      actorId: actor.userId,
      organisationId: ownerOrganisationId,
      action: "call.action_added",
      entityType: "call_action",
      entityId: action.id,
      ip: actor.ip ?? null,
      metadata: { callId, kind: input.kind, visibility: input.visibility },
    });
    return action;
  });
}

/** Records, at a call, what became of an action agreed at an earlier call of the same country. */
export async function followUpAction(actor: Actor, callId: string, input: Omit<FollowUpInput, "intent">) {
  return db().$transaction(async (tx) => {
    const [call, action] = await Promise.all([
      tx.coordinationCall.findUnique({
        where: { id: callId },
        select: { id: true, countryCode: true, startsAt: true },
      }),
      tx.callAction.findUnique({
        where: { id: input.actionId },
        select: { id: true, status: true, call: { select: { id: true, countryCode: true, startsAt: true } } },
      }),
    ]);
    if (!call || !action) throw httpError(404, "common:errors.notFound");
    const earlier =
      action.call.countryCode === call.countryCode &&
      action.call.startsAt < call.startsAt &&
      action.call.id !== call.id;
    const sameCall = action.call.id === call.id;
    if (!earlier && !sameCall) throw httpError(400, "coordination:errors.followUp");
    await tx.callAction.update({
      where: { id: action.id },
      data: {
        status: input.status,
        followUpNote: input.followUpNote?.trim() || null,
        followedUpAtCallId: earlier ? call.id : undefined,
      },
    });
    await audit(tx, {
      actorId: actor.userId,
      action: "call.action_followed_up",
      entityType: "call_action",
      entityId: action.id,
      ip: actor.ip ?? null,
      metadata: { callId, from: action.status, to: input.status },
    });
  });
}

function civicContextFor(trend: "improving" | "stable" | "worsening"): CivicContext {
  return trend === "worsening" ? "closing" : trend === "improving" ? "opening" : "steady";
}

/**
 * Turns an action of kind `need` into a pre-filled need draft for the coalition that owns it, through the
 * marketplace's createNeed (status draft, audited there too). The coalition completes and submits it; the
 * draft is theirs, so the secretariat does not see its page until it is submitted. Once only (409 after).
 */
export async function actionToNeed(actor: Actor, callId: string, actionId: string) {
  return db().$transaction(async (tx) => {
    const action = await tx.callAction.findUnique({
      where: { id: actionId },
      select: {
        id: true,
        callId: true,
        kind: true,
        title: true,
        description: true,
        categoryId: true,
        dueOn: true,
        visibility: true,
        createdNeedId: true,
        ownerOrganisation: { select: { id: true, kind: true, languages: true } },
        call: { select: { countryCode: true, country: { select: { ratingTrend: true } } } },
      },
    });
    if (!action || action.callId !== callId) throw httpError(404, "common:errors.notFound");
    if (action.kind !== "need" || action.createdNeedId)
      throw httpError(409, "coordination:errors.alreadyNeed");
    const owner = action.ownerOrganisation;
    if (!owner || owner.kind !== "COALITION") throw httpError(400, "coordination:errors.needOwner");
    if (!action.categoryId) throw httpError(400, "coordination:errors.needCategory");
    const languages = owner.languages.length ? owner.languages : ["en"];
    const need = await createNeed(tx, {
      organisationId: owner.id,
      actor: { userId: actor.userId, ip: actor.ip ?? null },
      input: {
        title: action.title,
        summary: action.description || action.title,
        details: "",
        outcomeWanted: "",
        contentLanguage: languages[0],
        categoryId: action.categoryId,
        topicIds: [],
        countryCode: action.call.countryCode,
        languages,
        urgency: "normal",
        wantedBy: action.dueOn,
        effortHours: null,
        format: "either",
        civicContext: civicContextFor(action.call.country.ratingTrend),
        // A secretariat-only action keeps the strictest setting; otherwise the country's defaults apply.
        visibility: action.visibility === "secretariat" ? "secretariat" : undefined,
        expertsWanted: 1,
      },
    });
    const { count } = await tx.callAction.updateMany({
      where: { id: action.id, createdNeedId: null },
      data: { createdNeedId: need.id },
    });
    if (count === 0) throw httpError(409, "coordination:errors.alreadyNeed");
    await audit(tx, {
      actorId: actor.userId,
      organisationId: owner.id,
      action: "call.action_to_need",
      entityType: "call_action",
      entityId: action.id,
      ip: actor.ip ?? null,
      metadata: { callId, needId: need.id },
    });
    return need;
  });
}

/** Options for the action form: invitee organisations and their members (one query). */
export async function actionOwnerOptions(callId: string) {
  const invitees = await db().callInvitee.findMany({
    where: { callId },
    select: {
      organisation: {
        select: {
          id: true,
          name: true,
          kind: true,
          memberships: {
            where: { user: { deletedAt: null } },
            select: { user: { select: { id: true, name: true } } },
            take: 100,
          },
        },
      },
    },
  });
  return invitees.map((i) => ({
    id: i.organisation.id,
    name: i.organisation.name,
    kind: i.organisation.kind,
    members: i.organisation.memberships.map((m) => m.user),
  }));
}

/** Organisations to invite for a country: coalitions based there, experts covering it, and anyone recording activity there. */
export async function inviteeCandidates(countryCode: string) {
  const country = await db().country.findUnique({
    where: { code: countryCode },
    select: { code: true, region: true },
  });
  if (!country) return null;
  return db().organisation.findMany({
    where: {
      kind: { not: "SECRETARIAT" },
      vettingLevel: { not: "unverified" },
      OR: [
        { countryCode },
        {
          kind: "EXPERT",
          OR: [
            { coverageGlobal: true },
            { coverageCountries: { has: countryCode } },
            { coverageRegions: { has: country.region } },
          ],
        },
        { countryActivities: { some: { countryCode } } },
      ],
    },
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    take: 300,
    select: { id: true, name: true, kind: true, countryCode: true },
  });
}
