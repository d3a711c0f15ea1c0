// A call's agenda and notes. The agenda is built for each reader from what they may see (open needs of
// the country, activities since the last call, stalled engagements, actions of earlier calls to follow
// up) plus the items invitees and the secretariat propose, in the order the organiser sets. Notes are
// written by invitees (for the invitees) and the secretariat (for the invitees or for itself); the
// secretariat shares agenda items and notes with the call's guests.
import { needAccess, visibleNeedsWhere, type Viewer } from "~/features/auth/policy";
import { expertRelations, needSummaries, needSummarySelect } from "~/features/needs/index.server";
import type { Prisma } from "~/generated/prisma/client";
import type { NeedStatus } from "~/generated/prisma/enums";
import { audit } from "~/utils/audit.server";
import { db, type Tx } from "~/utils/db.server";
import { createDataKey, type DataKey } from "~/utils/crypto/data-keys.server";
import { loadRecordKey, newRecordId, openField, sealField } from "~/utils/crypto/fields.server";
import { httpError } from "~/utils/http.server";
import {
  canContribute,
  canOrganise,
  canRemoveAgendaItem,
  noteVisibilitiesFor,
  visibleActivitiesWhere,
  visibleActionsWhere,
  visibleNotesWhere,
  type CallAccess,
} from "../policy";
import type { AgendaItemInput, NoteInput } from "../schemas";
import { actionSelect, presentAction } from "./actions.server";
import type { Actor, LoadedCall } from "./calls.server";
import { pageCount } from "~/utils/pagination";

const AGENDA_LIMIT = 50;
const NOTES_PAGE = 50;
const agendaNeedStatuses: NeedStatus[] = ["submitted", "needs_info", "open", "matching"];

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

const agendaItemSelect = {
  id: true,
  title: true,
  details: true,
  contentLanguage: true,
  position: true,
  sharedWithGuests: true,
  proposedById: true,
  createdAt: true,
  proposedBy: { select: { name: true } },
} satisfies Prisma.CallAgendaItemSelect;

/** The proposed items of a call, in the organiser's order, with their proposer's organisation named. */
export async function agendaItems(
  callId: string,
  where: Prisma.CallAgendaItemWhereInput = {},
  client: Pick<Tx, "callAgendaItem" | "organisation"> = db(),
) {
  const items = await client.callAgendaItem.findMany({
    where: { AND: [{ callId }, where] },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    take: 100,
    select: { ...agendaItemSelect, organisationId: true },
  });
  const orgIds = [...new Set(items.map((i) => i.organisationId).filter((x): x is string => !!x))];
  const orgs = orgIds.length
    ? await client.organisation.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  return items.map(({ organisationId, ...i }) => ({
    ...i,
    organisationName: organisationId ? (names.get(organisationId) ?? null) : null,
  }));
}

/**
 * The agenda of a call for this viewer: proposed items, open needs of the country they may see,
 * activities recorded since the last call, stalled engagements they may see, and open actions of earlier
 * calls (each visible by the rules of its own call) to follow up.
 */
export async function buildAgenda(
  viewer: Viewer,
  call: Pick<LoadedCall, "id" | "countryCode" | "startsAt" | "agendaSince">,
  access: CallAccess,
) {
  const { since, previousCallId } = await agendaSince(call);
  const secretariat = access === "secretariat";
  const [items, needRows, activities, stalled, followUps] = await Promise.all([
    agendaItems(call.id),
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
          visibleActionsWhere(viewer),
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
    items,
    openNeeds,
    activities,
    stalledEngagements,
    followUps: followUps.map((a) => presentAction(viewer, a)),
  };
}

// ───────────── proposed items ─────────────

async function lockCall(tx: Prisma.TransactionClient, callId: string) {
  // Serialises changes to one call's agenda order.
  const [row] = await tx.$queryRaw<Array<{ status: string }>>`
    SELECT status::text AS status FROM "CoordinationCall" WHERE id = ${callId} FOR UPDATE`;
  if (!row) throw httpError(404, "common:errors.notFound");
  return row;
}

export async function proposeAgendaItem(
  tx: Tx,
  actor: Actor,
  viewer: Viewer,
  callId: string,
  access: CallAccess,
  input: Omit<AgendaItemInput, "intent">,
) {
  const call = await lockCall(tx, callId);
  if (!canContribute(access, call) || call.status !== "scheduled")
    throw httpError(409, "coordination:errors.agendaClosed");
  const last = await tx.callAgendaItem.aggregate({ where: { callId }, _max: { position: true } });
  const invitees = await tx.callInvitee.findMany({ where: { callId }, select: { organisationId: true } });
  const own = viewer?.memberships.find((m) => invitees.some((i) => i.organisationId === m.organisationId));
  const item = await tx.callAgendaItem.create({
    data: {
      callId,
      title: input.title,
      details: input.details?.trim() ?? "",
      contentLanguage: input.contentLanguage,
      position: (last._max.position ?? 0) + 1,
      proposedById: actor.userId,
      organisationId: access === "secretariat" ? null : (own?.organisationId ?? null),
    },
    select: { id: true },
  });
  await audit(tx, {
    actorId: actor.userId,
    organisationId: own?.organisationId ?? null,
    action: "call.agenda_item_proposed",
    entityType: "coordination_call",
    entityId: callId,
    ip: actor.ip ?? null,
    metadata: { itemId: item.id },
  });
  return item;
}

/** Moves an item one place up or down (the organiser orders the agenda; works as a plain form). */
export async function moveAgendaItem(
  tx: Tx,
  actor: Actor,
  callId: string,
  access: CallAccess,
  itemId: string,
  direction: "up" | "down",
) {
  if (!canOrganise(access)) throw httpError(403, "common:errors.forbidden");
  await lockCall(tx, callId);
  const items = await tx.callAgendaItem.findMany({
    where: { callId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { id: true },
  });
  const from = items.findIndex((i) => i.id === itemId);
  if (from < 0) throw httpError(404, "common:errors.notFound");
  const to = direction === "up" ? from - 1 : from + 1;
  if (to < 0 || to >= items.length) return;
  const order = items.map((i) => i.id);
  [order[from], order[to]] = [order[to], order[from]];
  for (const [index, id] of order.entries())
    await tx.callAgendaItem.update({ where: { id }, data: { position: index + 1 } });
  await audit(tx, {
    actorId: actor.userId,
    action: "call.agenda_reordered",
    entityType: "coordination_call",
    entityId: callId,
    ip: actor.ip ?? null,
    metadata: { itemId, direction },
  });
}

export async function removeAgendaItem(
  tx: Tx,
  actor: Actor,
  viewer: Viewer,
  callId: string,
  access: CallAccess,
  itemId: string,
) {
  await lockCall(tx, callId);
  const item = await tx.callAgendaItem.findFirst({
    where: { id: itemId, callId },
    select: { id: true, proposedById: true },
  });
  if (!item) throw httpError(404, "common:errors.notFound");
  if (!canRemoveAgendaItem(viewer, access, item)) throw httpError(403, "common:errors.forbidden");
  await tx.callAgendaItem.delete({ where: { id: item.id } });
  await audit(tx, {
    actorId: actor.userId,
    action: "call.agenda_item_removed",
    entityType: "coordination_call",
    entityId: callId,
    ip: actor.ip ?? null,
    metadata: { itemId },
  });
}

/** Shares (or stops sharing) an agenda item or a network note with the call's guests. */
export async function shareWithGuests(
  tx: Tx,
  actor: Actor,
  callId: string,
  access: CallAccess,
  input: { kind: "agenda" | "note"; id: string; shared: boolean },
) {
  if (!canOrganise(access)) throw httpError(403, "common:errors.forbidden");
  const { count } =
    input.kind === "agenda"
      ? await tx.callAgendaItem.updateMany({
          where: { id: input.id, callId },
          data: { sharedWithGuests: input.shared },
        })
      : await tx.callNote.updateMany({
          // A secretariat-only note is never shared.
          where: { id: input.id, callId, visibility: "network" },
          data: { sharedWithGuests: input.shared },
        });
  if (count === 0) throw httpError(404, "common:errors.notFound");
  await audit(tx, {
    actorId: actor.userId,
    action: input.shared ? "call.shared_with_guests" : "call.unshared_with_guests",
    entityType: "coordination_call",
    entityId: callId,
    ip: actor.ip ?? null,
    metadata: { kind: input.kind, id: input.id },
  });
}

// ───────────── notes ─────────────

const callNoteField = (id: string) => ({ entity: "CallNote", id, field: "body" }) as const;

/** Opens the sealed (secretariat-only) notes of a page; the key ids stay on the server. */
async function openNotes<N extends { id: string; body: string; dataKeyId: string | null }>(notes: N[]) {
  const ids = notes.map((n) => n.dataKeyId).filter((id): id is string => !!id);
  const keys = new Map<string, DataKey>();
  for (const id of ids) {
    const key = await loadRecordKey(db(), id);
    if (key) keys.set(id, key);
  }
  return notes.map(({ dataKeyId, ...n }) => ({
    ...n,
    body: openField(dataKeyId ? (keys.get(dataKeyId) ?? null) : null, n.body, callNoteField(n.id)) ?? "",
  }));
}

export async function addNote(
  tx: Tx,
  actor: Actor,
  callId: string,
  access: CallAccess,
  input: Omit<NoteInput, "intent" | "sharedWithGuests"> & { sharedWithGuests?: boolean },
) {
  if (!noteVisibilitiesFor(access).includes(input.visibility))
    throw httpError(403, "common:errors.forbidden");
  const shared = canOrganise(access) && input.visibility === "network" && !!input.sharedWithGuests;
  const call = await tx.coordinationCall.findUnique({ where: { id: callId }, select: { status: true } });
  if (!call) throw httpError(404, "common:errors.notFound");
  if (!canContribute(access, call)) throw httpError(409, "coordination:errors.callState");
  // A secretariat-only note is confidential: sealed with a data key of its own (network notes are
  // shared with the call's invitees, and may be with its guests).
  const id = newRecordId();
  let body = input.body;
  let dataKeyId: string | null = null;
  if (input.visibility === "secretariat") {
    const key = await createDataKey(tx);
    body = sealField(key, input.body, callNoteField(id));
    dataKeyId = key.id;
  }
  const note = await tx.callNote.create({
    data: {
      id,
      dataKeyId,
      callId,
      authorId: actor.userId,
      body,
      contentLanguage: input.contentLanguage,
      visibility: input.visibility,
      sharedWithGuests: shared,
    },
    select: { id: true },
  });
  await audit(tx, {
    actorId: actor.userId,
    action: "call.note_added",
    entityType: "coordination_call",
    entityId: callId,
    ip: actor.ip ?? null,
    metadata: { noteId: note.id, visibility: input.visibility, sharedWithGuests: shared },
  });
  return note;
}

export async function loadNotesAndActions(viewer: Viewer, callId: string, access: CallAccess, notesPage = 1) {
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
        dataKeyId: true,
        contentLanguage: true,
        visibility: true,
        sharedWithGuests: true,
        createdAt: true,
        author: { select: { name: true } },
      },
    }),
    db().callAction.findMany({
      where: { AND: [visibleActionsWhere(viewer), { callId }] },
      orderBy: { createdAt: "asc" },
      take: 200,
      select: actionSelect,
    }),
  ]);
  return {
    notes: {
      items: await openNotes(notes),
      total: noteTotal,
      page: notesPage,
      pages: pageCount(noteTotal, NOTES_PAGE),
      pageSize: NOTES_PAGE,
    },
    actions: actions.map((a) => presentAction(viewer, a)),
  };
}
