// Closing an engagement is agreed, not done alone (issue 21). One side asks to close with the outcome
// and a note (what the close form always collected); the engagement keeps working and shows "closing
// requested by …" to both sides and the secretariat; the other side or the secretariat confirms (the
// engagement closes with that outcome: closeEngagement, same transaction) or declines with a note (it
// stays active); the side that asked may withdraw. Who may do what: auth/policy.ts closeRequestRights.
// The moves: the close-request table in app/utils/lifecycle/engagement.ts. A second submission of the
// same form (double click, resubmitted page) is answered like the first and changes nothing more.
import { closeRequestRights, isSecretariat } from "~/features/auth/policy";
import { queueEmail } from "~/features/email/index.server";
import {
  ConfidentialDestroyedError,
  needField,
  needKeyForRead,
  needKeyForWrite,
  openNeedField,
  sealNeedField,
} from "~/features/needs/index.server";
import { membersOf } from "~/features/review/index.server";
import type { EngagementOutcome, EngagementSide } from "~/generated/prisma/enums";
import { Prisma } from "~/generated/prisma/client";
import { newRecordId } from "~/utils/crypto/fields.server";
import { audit } from "~/utils/audit.server";
import type { Db, Tx } from "~/utils/db.server";
import { AppError, closeRequestLifecycle } from "~/utils/lifecycle";
import { appUrl } from "~/utils/urls";
import { engagementOutcomes } from "../constants";
import { closeEngagement, engagementSidesSelect, type Actor } from "./engagements.server";

const NOTE_MAX = 5000;

async function loadForClose(tx: Tx | Db, engagementId: string) {
  const e = await tx.engagement.findUnique({
    where: { id: engagementId },
    select: {
      ...engagementSidesSelect,
      need: { select: { title: true, dataKeyId: true } },
      closeRequests: {
        where: { status: "pending" },
        select: { id: true, side: true, requestedById: true, outcome: true, note: true, createdAt: true },
        take: 1,
      },
    },
  });
  if (!e) throw new AppError("notFound", "engagement", engagementId);
  return { ...e, pending: e.closeRequests[0] ?? null };
}

/** The pending close request of an engagement as its pages show it (the note opened), or null. */
export async function pendingCloseRequest(client: Db, engagementId: string) {
  const r = await client.engagementCloseRequest.findFirst({
    where: { engagementId, status: "pending" },
    select: {
      id: true,
      side: true,
      outcome: true,
      note: true,
      createdAt: true,
      requestedBy: { select: { name: true } },
      engagement: { select: { need: { select: { dataKeyId: true } } } },
    },
  });
  if (!r) return null;
  const key = r.note ? await needKeyForRead(client, r.engagement.need.dataKeyId) : null;
  return {
    id: r.id,
    side: r.side,
    outcome: r.outcome,
    createdAt: r.createdAt,
    requestedByName: r.requestedBy.name,
    note: openNeedField(key, r.note, needField("EngagementCloseRequest", r.id, "note")),
  };
}

/** The last declined request (its note), shown to both sides until a new request is made. */
export async function lastDeclinedCloseRequest(client: Db, engagementId: string) {
  const r = await client.engagementCloseRequest.findFirst({
    where: { engagementId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      status: true,
      side: true,
      answeredAt: true,
      answerNote: true,
      answeredBy: { select: { name: true } },
      engagement: { select: { need: { select: { dataKeyId: true } } } },
    },
  });
  if (!r || r.status !== "declined") return null;
  const key = r.answerNote ? await needKeyForRead(client, r.engagement.need.dataKeyId) : null;
  return {
    id: r.id,
    side: r.side,
    answeredAt: r.answeredAt,
    answeredByName: r.answeredBy?.name ?? null,
    answerNote: openNeedField(key, r.answerNote, needField("EngagementCloseRequest", r.id, "answerNote")),
  };
}

async function keyFor(tx: Tx, engagementId: string, needId: string, status: string) {
  try {
    return await needKeyForWrite(tx, needId);
  } catch (error) {
    if (!(error instanceof ConfidentialDestroyedError)) throw error;
    throw new AppError("wrongState", "engagement", engagementId, { currentStatus: status });
  }
}

/** Emails every member of one side's organisation (each person once). */
async function emailSide(
  tx: Tx,
  organisationId: string,
  template: "engagement_close_requested" | "engagement_close_declined",
  params: { engagementUrl: string; needTitle: string; outcome: EngagementOutcome },
  requestId: string,
) {
  const members = (await membersOf(tx, [organisationId])).get(organisationId)!;
  for (const r of new Map(members.map((m) => [m.id, m])).values()) {
    await queueEmail(tx, {
      to: r.email,
      userId: r.id,
      template,
      locale: r.locale,
      params,
      dedupeKey: `${template}:${requestId}:${r.id}`,
    });
  }
}

/**
 * One side asks to close the engagement with this outcome. The other side is emailed. A second identical
 * submission by the same person returns the pending request unchanged; any other request while one waits
 * is refused (closeRequestPending).
 */
export async function requestClose(
  tx: Tx,
  actor: Actor,
  engagementId: string,
  input: { outcome: EngagementOutcome; note?: string | null },
  now = new Date(),
) {
  const e = await loadForClose(tx, engagementId);
  const rights = closeRequestRights(actor.viewer, e, e.pending);
  if (rights.side === null)
    throw new AppError("forbidden", "engagement", engagementId, {
      currentStatus: e.status,
      action: "request",
    });
  if (e.status !== "active")
    throw new AppError("engagementClosed", "engagement", engagementId, { currentStatus: e.status });
  if (!engagementOutcomes.includes(input.outcome))
    throw new AppError("invalidInput", "engagement", engagementId, { currentStatus: e.status });
  if (e.pending) {
    if (
      e.pending.requestedById === actor.viewer.userId &&
      e.pending.side === rights.side &&
      e.pending.outcome === input.outcome
    )
      return { id: e.pending.id, status: "pending" as const, repeated: true };
    throw new AppError("closeRequestPending", "engagement", engagementId, { currentStatus: e.status });
  }
  const side: EngagementSide = rights.side;
  const note = input.note?.trim().slice(0, NOTE_MAX) || null;
  const id = newRecordId();
  const key = note ? await keyFor(tx, engagementId, e.needId, e.status) : null;
  try {
    await tx.engagementCloseRequest.create({
      data: {
        id,
        engagementId,
        side,
        requestedById: actor.viewer.userId,
        outcome: input.outcome,
        note: key && sealNeedField(key, note, needField("EngagementCloseRequest", id, "note")),
        createdAt: now,
      },
    });
  } catch (error) {
    // Two requests at once: the partial unique index keeps one pending request per engagement.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("closeRequestPending", "engagement", engagementId, { currentStatus: e.status });
    throw error;
  }
  const organisationId = side === "expert" ? e.expertOrganisationId : e.coalitionOrganisationId;
  await audit(tx, {
    actorId: actor.viewer.userId,
    organisationId,
    action: "engagement.close_requested",
    entityType: "engagement",
    entityId: engagementId,
    ip: actor.ip ?? null,
    metadata: { requestId: id, side, outcome: input.outcome },
  });
  await emailSide(
    tx,
    side === "expert" ? e.coalitionOrganisationId : e.expertOrganisationId,
    "engagement_close_requested",
    {
      engagementUrl: appUrl(`/engagements/${engagementId}`),
      needTitle: e.need.title.slice(0, 300),
      outcome: input.outcome,
    },
    id,
  );
  return { id, status: "pending" as const, repeated: false };
}

type Answer = "confirm" | "decline" | "withdraw";
const answered = { confirm: "confirmed", decline: "declined", withdraw: "withdrawn" } as const;

/**
 * Answers the pending request `requestId` of the engagement: confirm (the engagement closes with the
 * request's outcome and note), decline (a note is required; the side that asked is emailed), or withdraw
 * (the side that asked). The same answer submitted twice by the same person changes nothing the second
 * time; anything else on a request no longer pending is refused (wrongState).
 */
export async function answerCloseRequest(
  tx: Tx,
  actor: Actor,
  engagementId: string,
  requestId: string,
  answer: Answer,
  input: { note?: string | null } = {},
  now = new Date(),
) {
  const e = await loadForClose(tx, engagementId);
  const request = await tx.engagementCloseRequest.findUnique({
    where: { id: requestId },
    select: {
      id: true,
      engagementId: true,
      status: true,
      side: true,
      outcome: true,
      note: true,
      answeredById: true,
      requestedById: true,
    },
  });
  if (!request || request.engagementId !== engagementId)
    throw new AppError("notFound", "closeRequest", requestId, { action: answer });
  const rights = closeRequestRights(actor.viewer, e, { side: request.side });
  const party = rights.side !== null || isSecretariat(actor.viewer);
  if (!party) throw new AppError("forbidden", "closeRequest", requestId, { currentStatus: request.status });
  // The same answer again (a double submit): nothing more happens.
  if (request.status === answered[answer] && request.answeredById === actor.viewer.userId)
    return { id: request.id, status: request.status, repeated: true };
  // Only the side that asked withdraws; the other side and the secretariat confirm or decline.
  if (answer === "withdraw" && rights.side !== request.side)
    throw new AppError("forbidden", "closeRequest", requestId, {
      currentStatus: request.status,
      action: answer,
    });
  if (answer !== "withdraw" && rights.side !== null && rights.side === request.side)
    throw new AppError("ownCloseRequest", "closeRequest", requestId, {
      currentStatus: request.status,
      action: answer,
    });
  const note = input.note?.trim().slice(0, NOTE_MAX) || null;
  if (answer === "decline" && !note)
    throw new AppError("reasonRequired", "closeRequest", requestId, { currentStatus: request.status });
  const key = answer === "decline" ? await keyFor(tx, engagementId, e.needId, e.status) : null;
  await closeRequestLifecycle.transition(
    tx,
    requestId,
    answer,
    {
      answeredAt: now,
      answeredById: actor.viewer.userId,
      answerNote:
        key && sealNeedField(key, note, needField("EngagementCloseRequest", requestId, "answerNote")),
    },
    { before: request },
  );
  const organisationId =
    rights.side === "expert"
      ? e.expertOrganisationId
      : rights.side === "coalition"
        ? e.coalitionOrganisationId
        : (actor.viewer.memberships.find((m) => m.kind === "SECRETARIAT")?.organisationId ?? null);
  await audit(tx, {
    actorId: actor.viewer.userId,
    organisationId,
    action: `engagement.close_${answered[answer]}`,
    entityType: "engagement",
    entityId: engagementId,
    ip: actor.ip ?? null,
    metadata: {
      requestId,
      requestedBySide: request.side,
      outcome: request.outcome,
      by: rights.side ?? "secretariat",
    },
  });
  if (answer === "confirm") {
    const readKey = request.note ? await needKeyForRead(tx, e.need.dataKeyId) : null;
    const requestNote = openNeedField(
      readKey,
      request.note,
      needField("EngagementCloseRequest", requestId, "note"),
    );
    await closeEngagement(tx, actor, engagementId, { outcome: request.outcome, note: requestNote }, now);
  }
  if (answer === "decline") {
    await emailSide(
      tx,
      request.side === "expert" ? e.expertOrganisationId : e.coalitionOrganisationId,
      "engagement_close_declined",
      {
        engagementUrl: appUrl(`/engagements/${engagementId}`),
        needTitle: e.need.title.slice(0, 300),
        outcome: request.outcome,
      },
      requestId,
    );
  }
  return { id: requestId, status: answered[answer], repeated: false };
}
