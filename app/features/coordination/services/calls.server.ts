// Coordination calls themselves: the secretariat schedules a call for a country and invites organisations
// (their members get an email in their language and zone, with a calendar file and RSVP links), edits it
// (a new calendar revision: REQUEST to everyone, CANCEL to those taken off), marks it held or cancels it,
// and closes its follow-up (which ends guests' access). The agenda and notes are in ./agenda.server.ts,
// actions in ./actions.server.ts. Every change is one transaction with its audit event.
import {
  coversCountryWhere,
  isSecretariat,
  offerCoversCountry,
  publishingVettingLevels,
  type Viewer,
} from "~/features/auth/policy";
import type { Prisma } from "~/generated/prisma/client";
import { zonedLocalToUtc } from "~/i18n/time-zones";
import { audit } from "~/utils/audit.server";
import { db, type Tx } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { callAccess } from "../policy";
import type { ScheduleCallInput, UpdateCallInput } from "../schemas";
import { callRecipients, queueCallEmails } from "./call-emails.server";
import { pageCount, pageNumber } from "~/utils/pagination";

export type Actor = { userId: string; ip?: string | null };

const CALLS_PAGE_SIZE = 20;
/** Without an earlier call, the agenda looks back this far. */
const AGENDA_DEFAULT_DAYS = 30;

type CallFields = Omit<ScheduleCallInput, "intent" | "countryCode">;

function startOf(input: Pick<CallFields, "localStart" | "timeZone">, now: Date) {
  const startsAt = zonedLocalToUtc(input.localStart, input.timeZone);
  if (!startsAt) throw httpError(400, "coordination:errors.dateTime");
  if (startsAt.getTime() < now.getTime()) throw httpError(400, "coordination:errors.past");
  return startsAt;
}

async function checkInvitees(tx: Tx, ids: string[]) {
  const organisations = await tx.organisation.findMany({
    where: { id: { in: ids }, kind: { not: "SECRETARIAT" } },
    select: { id: true },
  });
  if (organisations.length !== ids.length) throw httpError(400, "coordination:errors.invitees");
}

const clean = (v: string | undefined) => v?.trim() || null;

export async function scheduleCall(
  tx: Tx,
  actor: Actor,
  input: Omit<ScheduleCallInput, "intent">,
  now = new Date(),
) {
  const startsAt = startOf(input, now);
  const inviteeIds = [...new Set(input.invitees)];
  const country = await tx.country.findUnique({
    where: { code: input.countryCode },
    select: { code: true },
  });
  if (!country) throw httpError(400, "coordination:errors.country");
  await checkInvitees(tx, inviteeIds);
  // An exchange about a resource of the learning exchange: the resource must be published.
  if (
    input.resourceId &&
    !(await tx.resource.count({ where: { id: input.resourceId, status: "published" } }))
  )
    throw httpError(400, "coordination:errors.resource");
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
      meetingUrl: clean(input.meetingUrl),
      place: clean(input.place),
      timeSetAt: now,
      agendaNote: input.agendaNote?.trim() ?? "",
      agendaSince: previous?.startsAt ?? new Date(now.getTime() - AGENDA_DEFAULT_DAYS * 86_400_000),
      resourceId: input.resourceId || null,
      createdById: actor.userId,
      invitees: { create: inviteeIds.map((organisationId) => ({ organisationId })) },
    },
    select: { id: true, startsAt: true, sequence: true },
  });
  const emails = await queueCallEmails(
    tx,
    call.id,
    "call_invitation",
    await callRecipients(tx, call.id, { guests: false }),
    { key: `seq${call.sequence}` },
  );
  await audit(tx, {
    actorId: actor.userId,
    action: "call.scheduled",
    entityType: "coordination_call",
    entityId: call.id,
    ip: actor.ip ?? null,
    metadata: {
      countryCode: input.countryCode,
      invitees: inviteeIds.length,
      emails,
      ...(input.resourceId ? { resourceId: input.resourceId } : {}),
    },
  });
  return call;
}

/**
 * Changes a scheduled call. Anything people need to know (time, length, place, link, title) raises the
 * calendar SEQUENCE and sends everyone still invited an update (a new REQUEST); organisations taken off
 * get a cancellation, organisations added an invitation.
 */
export async function updateCall(
  tx: Tx,
  actor: Actor,
  callId: string,
  input: Omit<UpdateCallInput, "intent">,
  now = new Date(),
) {
  const inviteeIds = [...new Set(input.invitees)];
  const before = await tx.coordinationCall.findUnique({
    where: { id: callId },
    select: {
      status: true,
      startsAt: true,
      durationMinutes: true,
      title: true,
      meetingUrl: true,
      place: true,
      agendaNote: true,
      timeZone: true,
      invitees: { select: { organisationId: true } },
    },
  });
  if (!before) throw httpError(404, "common:errors.notFound");
  if (before.status !== "scheduled") throw httpError(409, "coordination:errors.callState");
  const startsAt = zonedLocalToUtc(input.localStart, input.timeZone);
  if (!startsAt) throw httpError(400, "coordination:errors.dateTime");
  const moved = startsAt.getTime() !== before.startsAt.getTime();
  if (moved && startsAt.getTime() < now.getTime()) throw httpError(400, "coordination:errors.past");
  await checkInvitees(tx, inviteeIds);
  const was = new Set(before.invitees.map((i) => i.organisationId));
  const added = inviteeIds.filter((id) => !was.has(id));
  const removed = [...was].filter((id) => !inviteeIds.includes(id));
  const data = {
    title: input.title?.trim() || "",
    startsAt,
    durationMinutes: input.durationMinutes,
    meetingUrl: clean(input.meetingUrl),
    place: clean(input.place),
  };
  const changed =
    moved ||
    data.title !== before.title ||
    data.durationMinutes !== before.durationMinutes ||
    data.meetingUrl !== before.meetingUrl ||
    data.place !== before.place;
  const { sequence } = await tx.coordinationCall.update({
    where: { id: callId },
    data: {
      ...data,
      timeZone: input.timeZone,
      agendaNote: input.agendaNote?.trim() ?? "",
      ...(moved ? { timeSetAt: now } : {}),
      ...(changed || removed.length ? { sequence: { increment: 1 } } : {}),
    },
    select: { sequence: true },
  });
  // Those taken off first (their CANCEL), then the list as it now stands.
  const removedPeople = removed.length
    ? await callRecipients(tx, callId, { organisationIds: removed, guests: false })
    : [];
  await tx.callInvitee.deleteMany({ where: { callId, organisationId: { in: removed } } });
  if (added.length)
    await tx.callInvitee.createMany({ data: added.map((organisationId) => ({ callId, organisationId })) });
  const stillInvited = await callRecipients(tx, callId);
  const keep = new Set(stillInvited.map((r) => r.id));
  let emails = await queueCallEmails(
    tx,
    callId,
    "call_cancelled",
    removedPeople.filter((r) => !keep.has(r.id)),
    { key: `seq${sequence}`, cancelled: true },
  );
  const newPeople = added.length
    ? new Set((await callRecipients(tx, callId, { organisationIds: added, guests: false })).map((r) => r.id))
    : new Set<string>();
  if (changed) {
    emails += await queueCallEmails(
      tx,
      callId,
      "call_updated",
      stillInvited.filter((r) => !newPeople.has(r.id)),
      { key: `seq${sequence}` },
    );
  }
  emails += await queueCallEmails(
    tx,
    callId,
    "call_invitation",
    stillInvited.filter((r) => newPeople.has(r.id)),
    { key: `seq${sequence}` },
  );
  await audit(tx, {
    actorId: actor.userId,
    action: "call.updated",
    entityType: "coordination_call",
    entityId: callId,
    ip: actor.ip ?? null,
    metadata: { sequence, moved, changed, added: added.length, removed: removed.length, emails },
  });
  return { sequence, changed };
}

export async function setCallStatus(
  tx: Tx,
  actor: Actor,
  callId: string,
  intent: "mark_held" | "cancel" | "close_follow_up",
  now = new Date(),
) {
  if (intent === "close_follow_up") {
    const { count } = await tx.coordinationCall.updateMany({
      where: { id: callId, status: "held", followUpClosedAt: null },
      data: { followUpClosedAt: now },
    });
    if (count === 0) throw httpError(409, "coordination:errors.callState");
    await audit(tx, {
      actorId: actor.userId,
      action: "call.follow_up_closed",
      entityType: "coordination_call",
      entityId: callId,
      ip: actor.ip ?? null,
    });
    return;
  }
  const to = intent === "mark_held" ? "held" : "cancelled";
  const updated = await tx.coordinationCall.updateManyAndReturn({
    where: { id: callId, status: "scheduled" },
    data: { status: to, ...(to === "cancelled" ? { sequence: { increment: 1 } } : {}) },
    select: { sequence: true },
  });
  if (updated.length === 0) throw httpError(409, "coordination:errors.callState");
  const emails =
    to === "cancelled"
      ? await queueCallEmails(tx, callId, "call_cancelled", await callRecipients(tx, callId), {
          key: `seq${updated[0].sequence}`,
        })
      : 0;
  await audit(tx, {
    actorId: actor.userId,
    action: `call.${to}`,
    entityType: "coordination_call",
    entityId: callId,
    ip: actor.ip ?? null,
    ...(to === "cancelled" ? { metadata: { emails } } : {}),
  });
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
  const pages = pageCount(total, CALLS_PAGE_SIZE);
  const page = Math.min(pageNumber(options.page), pages);
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
      _count: { select: { invitees: true, actions: true, guests: true } },
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
      meetingUrl: true,
      place: true,
      agendaNote: true,
      agendaSince: true,
      status: true,
      sequence: true,
      followUpClosedAt: true,
      createdAt: true,
      resourceId: true,
      createdBy: { select: { name: true, email: true } },
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

/**
 * Organisations to invite for a country: coalitions and members based there, experts with an active offer
 * covering it or declaring coverage of it (the one coverage rule of the policy), the parties of
 * engagements under way there, and anyone recording activity there. Each with why it is listed.
 */
export async function inviteeCandidates(countryCode: string) {
  const country = await db().country.findUnique({
    where: { code: countryCode },
    select: { code: true, region: true },
  });
  if (!country) return null;
  const covering = {
    offers: {
      some: { AND: [{ status: "active" as const }, coversCountryWhere(countryCode, country.region)] },
    },
  };
  const engaged = { need: { countryCode }, status: "active" as const };
  const rows = await db().organisation.findMany({
    where: {
      kind: { not: "SECRETARIAT" },
      vettingLevel: { in: publishingVettingLevels },
      OR: [
        { countryCode },
        covering,
        { kind: "EXPERT", ...coversCountryWhere(countryCode, country.region) },
        { engagementsAsExpert: { some: engaged } },
        { engagementsAsCoalition: { some: engaged } },
        { countryActivities: { some: { countryCode } } },
      ],
    },
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    take: 300,
    select: {
      id: true,
      name: true,
      kind: true,
      countryCode: true,
      coverageGlobal: true,
      coverageCountries: true,
      coverageRegions: true,
      _count: {
        select: {
          offers: { where: covering.offers.some },
          engagementsAsExpert: { where: engaged },
          engagementsAsCoalition: { where: engaged },
          countryActivities: { where: { countryCode } },
        },
      },
    },
  });
  return rows.map(({ _count, coverageGlobal, coverageCountries, coverageRegions, ...o }) => ({
    ...o,
    reasons: [
      o.countryCode === countryCode ? ("based" as const) : null,
      _count.offers ? ("offer" as const) : null,
      o.kind === "EXPERT" &&
      !_count.offers &&
      offerCoversCountry({ coverageGlobal, coverageCountries, coverageRegions }, countryCode, country.region)
        ? ("coverage" as const)
        : null,
      _count.engagementsAsExpert + _count.engagementsAsCoalition ? ("engagement" as const) : null,
      _count.countryActivities ? ("activity" as const) : null,
    ].filter((r): r is "based" | "offer" | "coverage" | "engagement" | "activity" => !!r),
  }));
}
