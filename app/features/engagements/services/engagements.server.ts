// Engagements: the work after a coalition confirmed an expert. Both sides and the secretariat follow a
// timeline of updates (text, hours, optional milestone); either side may flag a problem to the
// secretariat; a close records the outcome and asks both sides for feedback (secretariat-only reading).
// The close is the lifecycle kit's transition (app/utils/lifecycle/engagement.ts); audit and email rows go
// in the same transaction; an AppError refuses anything the state or the role does not allow.
import { isMemberOf, isSecretariat, type Viewer } from "~/features/auth/policy";
import { queueEmail } from "~/features/email/index.server";
import {
  closeNeedUnmet,
  completeNeed,
  ConfidentialDestroyedError,
  needField,
  needKeyForWrite,
  sealNeedField,
} from "~/features/needs/index.server";
import { membersOf, secretariatMembers } from "~/features/review/index.server";
import { newRecordId } from "~/utils/crypto/fields.server";
import type { EngagementOutcome, EngagementUpdateKind } from "~/generated/prisma/enums";
import { audit } from "~/utils/audit.server";
import type { Db, Tx } from "~/utils/db.server";
import {
  AppError,
  engagementFeedbackStatuses,
  engagementLifecycle,
  engagementUpdatableStatuses,
} from "~/utils/lifecycle";
import { appUrl } from "~/utils/urls";
import { engagementOutcomes } from "../constants";

export type Actor = { viewer: NonNullable<Viewer>; ip?: string | null };
export type EngagementSide = "expert" | "coalition" | "secretariat";

/** What every check on an engagement reads: its status, its need and its two sides. */
export const engagementSidesSelect = {
  id: true,
  status: true,
  needId: true,
  expertOrganisationId: true,
  coalitionOrganisationId: true,
} as const;

/** Which side the viewer is on (a member of both sides counts as the expert side for writing). */
export function engagementSide(
  viewer: Viewer,
  e: { expertOrganisationId: string; coalitionOrganisationId: string },
): EngagementSide | null {
  if (!viewer) return null;
  if (isMemberOf(viewer, e.expertOrganisationId)) return "expert";
  if (isMemberOf(viewer, e.coalitionOrganisationId)) return "coalition";
  if (isSecretariat(viewer)) return "secretariat";
  return null;
}

async function load(tx: Tx | Db, engagementId: string) {
  const e = await tx.engagement.findUnique({
    where: { id: engagementId },
    select: {
      ...engagementSidesSelect,
      need: { select: { title: true, status: true } },
    },
  });
  if (!e) throw new AppError("notFound", "engagement", engagementId);
  return e;
}

export type UpdateInput = {
  kind: EngagementUpdateKind;
  body: string;
  hours?: number | null;
  milestone?: string | null;
};

/** Adds a progress update (or a problem flag) to an active engagement; it is no longer stalled. */
export async function addEngagementUpdate(
  tx: Tx,
  actor: Actor,
  engagementId: string,
  input: UpdateInput,
  now = new Date(),
) {
  const e = await load(tx, engagementId);
  const side = engagementSide(actor.viewer, e);
  if (side === null || (side === "secretariat" && input.kind === "problem")) {
    throw new AppError("forbidden", "engagement", engagementId, { currentStatus: e.status });
  }
  const body = input.body.trim();
  if (!body) throw new AppError("invalidInput", "engagement", engagementId, { currentStatus: e.status });
  const hours = input.hours ?? null;
  if (hours !== null && (!Number.isFinite(hours) || hours < 0 || hours > 1000)) {
    throw new AppError("invalidInput", "engagement", engagementId, { currentStatus: e.status });
  }
  const { count } = await tx.engagement.updateMany({
    where: { id: engagementId, status: { in: engagementUpdatableStatuses } },
    data: { lastActivityAt: now, stalledAt: null },
  });
  if (!count) throw new AppError("engagementClosed", "engagement", engagementId, { currentStatus: e.status });
  const organisationId =
    side === "expert"
      ? e.expertOrganisationId
      : side === "coalition"
        ? e.coalitionOrganisationId
        : actor.viewer.memberships.find((m) => m.kind === "SECRETARIAT")!.organisationId;
  // Sealed with the need's key (confidential at rest; destroyed with it by retention).
  const key = await needKeyForWrite(tx, e.needId);
  const updateId = newRecordId();
  const update = await tx.engagementUpdate.create({
    data: {
      id: updateId,
      engagementId,
      authorId: actor.viewer.userId,
      organisationId,
      kind: input.kind,
      body: sealNeedField(key, body.slice(0, 5000), needField("EngagementUpdate", updateId, "body")),
      hours,
      milestone: sealNeedField(
        key,
        input.milestone?.trim().slice(0, 200) || null,
        needField("EngagementUpdate", updateId, "milestone"),
      ),
      createdAt: now,
    },
    select: { id: true },
  });
  await audit(tx, {
    actorId: actor.viewer.userId,
    organisationId,
    action: input.kind === "problem" ? "engagement.problem_flagged" : "engagement.update_added",
    entityType: "engagement",
    entityId: engagementId,
    ip: actor.ip ?? null,
    metadata: { updateId: update.id, kind: input.kind, hours, milestone: !!input.milestone?.trim() },
  });
  if (input.kind === "problem") {
    for (const r of await secretariatMembers(tx)) {
      await queueEmail(tx, {
        to: r.email,
        userId: r.id,
        template: "engagement_problem",
        locale: r.locale,
        params: {
          engagementUrl: appUrl(`/engagements/${engagementId}`),
          needTitle: e.need.title.slice(0, 300),
        },
        dedupeKey: `engagement_problem:${update.id}:${r.id}`,
      });
    }
  }
  return update;
}

/**
 * Closes an engagement with its outcome. When it was the need's last active engagement, the need is
 * completed (some outcome achieved or partly achieved) or closed unmet (otherwise).
 */
export async function closeEngagement(
  tx: Tx,
  actor: Actor,
  engagementId: string,
  input: { outcome: EngagementOutcome; note?: string | null },
  now = new Date(),
) {
  const e = await load(tx, engagementId);
  if (engagementSide(actor.viewer, e) === null)
    throw new AppError("forbidden", "engagement", engagementId, { currentStatus: e.status });
  if (!engagementOutcomes.includes(input.outcome))
    throw new AppError("invalidInput", "engagement", engagementId, { currentStatus: e.status });
  const note = input.note?.trim().slice(0, 5000) || null;
  const key = note ? await needKeyForWrite(tx, e.needId) : null;
  await engagementLifecycle.transition(
    tx,
    engagementId,
    "close",
    {
      closedAt: now,
      closedById: actor.viewer.userId,
      outcome: input.outcome,
      outcomeNote: key && sealNeedField(key, note, needField("Engagement", engagementId, "outcomeNote")),
    },
    { before: e },
  );
  await audit(tx, {
    actorId: actor.viewer.userId,
    organisationId: null,
    action: "engagement.closed",
    entityType: "engagement",
    entityId: engagementId,
    ip: actor.ip ?? null,
    metadata: { outcome: input.outcome, needId: e.needId },
  });
  // Both sides are asked for feedback (each member once; the page takes one answer per organisation).
  const members = await membersOf(tx, [e.expertOrganisationId, e.coalitionOrganisationId]);
  const recipients = new Map(
    [...members.get(e.expertOrganisationId)!, ...members.get(e.coalitionOrganisationId)!].map((r) => [
      r.id,
      r,
    ]),
  );
  for (const r of recipients.values()) {
    await queueEmail(tx, {
      to: r.email,
      userId: r.id,
      template: "engagement_feedback_request",
      locale: r.locale,
      params: {
        engagementUrl: appUrl(`/engagements/${engagementId}`),
        needTitle: e.need.title.slice(0, 300),
      },
      dedupeKey: `engagement_feedback_request:${engagementId}:${r.id}`,
    });
  }
  const siblings = await tx.engagement.findMany({
    where: { needId: e.needId },
    select: { status: true, outcome: true },
  });
  if (e.need.status === "engaged" && siblings.every((s) => s.status === "closed")) {
    const met = siblings.some((s) => s.outcome === "achieved" || s.outcome === "partly_achieved");
    const needActor = { userId: actor.viewer.userId, ip: actor.ip };
    if (met) await completeNeed(tx, needActor, e.needId);
    else await closeNeedUnmet(tx, needActor, e.needId);
  }
  return { id: engagementId, status: "closed" as const, outcome: input.outcome };
}

/** Feedback on a closed engagement, once per side (the unique (engagement, organisation) keeps it once). */
export async function giveFeedback(
  tx: Tx,
  actor: Actor,
  engagementId: string,
  input: { rating: number; comment?: string | null },
) {
  const e = await load(tx, engagementId);
  const side = engagementSide(actor.viewer, e);
  if (side !== "expert" && side !== "coalition")
    throw new AppError("forbidden", "engagement", engagementId, { currentStatus: e.status });
  if (!engagementFeedbackStatuses.includes(e.status))
    throw new AppError("wrongState", "engagement", engagementId, { currentStatus: e.status });
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) {
    throw new AppError("invalidInput", "engagement", engagementId, { currentStatus: e.status });
  }
  const organisationId = side === "expert" ? e.expertOrganisationId : e.coalitionOrganisationId;
  const existing = await tx.engagementFeedback.findUnique({
    where: { engagementId_organisationId: { engagementId, organisationId } },
    select: { id: true },
  });
  if (existing) throw new AppError("alreadyGiven", "engagement", engagementId, { currentStatus: e.status });
  const comment = (input.comment ?? "").trim().slice(0, 5000);
  const feedbackId = newRecordId();
  let sealed = "";
  if (comment) {
    try {
      const key = await needKeyForWrite(tx, e.needId);
      sealed = sealNeedField(key, comment, needField("EngagementFeedback", feedbackId, "comment"));
    } catch (error) {
      // The coalition had the need's confidential material destroyed: nothing confidential is kept now.
      if (!(error instanceof ConfidentialDestroyedError)) throw error;
      throw new AppError("wrongState", "engagement", engagementId, { currentStatus: e.status });
    }
  }
  const feedback = await tx.engagementFeedback.create({
    data: {
      id: feedbackId,
      engagementId,
      organisationId,
      authorId: actor.viewer.userId,
      rating: input.rating,
      comment: sealed,
    },
    select: { id: true },
  });
  await audit(tx, {
    actorId: actor.viewer.userId,
    organisationId,
    action: "engagement.feedback_given",
    entityType: "engagement",
    entityId: engagementId,
    ip: actor.ip ?? null,
    metadata: { feedbackId: feedback.id, side },
  });
  return feedback;
}

/**
 * Stall detection (worker): active engagements without activity for `days` are flagged once (stalledAt)
 * and the secretariat is emailed once per stall. A new update clears the flag, so a later stall is new.
 */
export async function detectStalledEngagements(client: Db, days: number, now = new Date()) {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const due = await client.engagement.findMany({
    where: { status: "active", stalledAt: null, lastActivityAt: { lte: cutoff } },
    select: { id: true, need: { select: { title: true } } },
    orderBy: { lastActivityAt: "asc" },
    take: 1000,
  });
  if (!due.length) return { stalled: 0 };
  const recipients = await secretariatMembers(client);
  let stalled = 0;
  for (const e of due) {
    await client.$transaction(async (tx) => {
      const { count } = await tx.engagement.updateMany({
        where: { id: e.id, status: "active", stalledAt: null, lastActivityAt: { lte: cutoff } },
        data: { stalledAt: now },
      });
      if (!count) return;
      await audit(tx, {
        action: "engagement.stalled",
        entityType: "engagement",
        entityId: e.id,
        metadata: { days },
      });
      for (const r of recipients) {
        await queueEmail(tx, {
          to: r.email,
          userId: r.id,
          template: "engagement_stalled",
          locale: r.locale,
          params: {
            engagementUrl: appUrl(`/engagements/${e.id}`),
            needTitle: e.need.title.slice(0, 300),
            days,
          },
          dedupeKey: `engagement_stalled:${e.id}:${now.toISOString()}:${r.id}`,
        });
      }
      stalled++;
    });
  }
  return { stalled };
}

/**
 * The coalition shows its members' email addresses to the expert (or stops): the conversation is the
 * default channel. Only a member of the engagement's coalition may change it; audited.
 */
export async function shareCoalitionContacts(tx: Tx, actor: Actor, engagementId: string, share: boolean) {
  const e = await load(tx, engagementId);
  if (engagementSide(actor.viewer, e) !== "coalition")
    throw new AppError("forbidden", "engagement", engagementId, { currentStatus: e.status });
  await tx.need.update({ where: { id: e.needId }, data: { shareContacts: share } });
  await audit(tx, {
    actorId: actor.viewer.userId,
    organisationId: e.coalitionOrganisationId,
    action: share ? "need.contacts_shared" : "need.contacts_unshared",
    entityType: "need",
    entityId: e.needId,
    ip: actor.ip ?? null,
    metadata: { engagementId },
  });
  return { id: engagementId, shared: share };
}
