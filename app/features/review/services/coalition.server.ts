// The coalition's part of the review: confirm an accepted expert (an engagement starts; once the need has
// the experts it wants, the other live proposals close politely) or decline them with a reason.
import { isMemberOf } from "~/features/auth/policy";
import { queueEmail } from "~/features/email/index.server";
import { liveProposalStatuses } from "~/features/matching/index.server";
import { markNeedEngaged } from "~/features/needs/index.server";
import { audit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { AppError, proposalTable } from "~/utils/lifecycle";
import { appUrl } from "~/utils/urls";
import {
  type Actor,
  auditProposal,
  declineProposal,
  loadProposal,
  moveProposal,
  requireReason,
} from "./proposal-steps.server";
import { membersOf } from "./recipients.server";

function requireCoalitionActor(
  actor: Actor,
  p: { need: { organisationId: string }; id: string; status: string },
) {
  if (!isMemberOf(actor.viewer, p.need.organisationId))
    throw new AppError("forbidden", "proposal", p.id, { currentStatus: p.status });
}

/** Polite reason stored on proposals closed because the need was filled (shown to the expert, translated by code). */
const CLOSED_NEED_FILLED = "need_filled";

/**
 * The coalition confirms an accepted expert: the proposal is confirmed and an engagement starts. Once as
 * many experts as the need wants are confirmed, the need is `engaged` and every other live proposal on it
 * is closed politely; the experts who had seen theirs are told.
 */
export async function confirmExpert(tx: Tx, actor: Actor, proposalId: string) {
  const p = await loadProposal(tx, proposalId);
  requireCoalitionActor(actor, p);
  proposalTable.next("confirm", p.status, proposalId);
  if (p.need.status !== "matching")
    throw new AppError("needNotActive", "proposal", proposalId, { currentStatus: p.status });
  const now = new Date();
  await moveProposal(tx, p, "confirm", {
    coalitionDecidedById: actor.viewer.userId,
    coalitionDecidedAt: now,
  });
  const engagement = await tx.engagement.create({
    data: {
      needId: p.needId,
      offerId: p.offerId,
      proposalId,
      expertOrganisationId: p.expertOrganisationId,
      coalitionOrganisationId: p.need.organisationId,
      startedAt: now,
      lastActivityAt: now,
    },
    select: { id: true },
  });
  await auditProposal(
    tx,
    { userId: actor.viewer.userId, ip: actor.ip },
    p.need.organisationId,
    "confirmed",
    proposalId,
    {
      from: p.status,
      to: "confirmed",
      needId: p.needId,
      engagementId: engagement.id,
    },
  );
  await audit(tx, {
    actorId: actor.viewer.userId,
    organisationId: p.need.organisationId,
    action: "engagement.started",
    entityType: "engagement",
    entityId: engagement.id,
    ip: actor.ip ?? null,
    metadata: { needId: p.needId, proposalId },
  });
  const confirmed = await tx.proposal.count({ where: { needId: p.needId, status: "confirmed" } });
  let closedCount = 0;
  if (confirmed >= p.need.expertsWanted) {
    await markNeedEngaged(tx, { userId: actor.viewer.userId, ip: actor.ip }, p.needId);
    closedCount = await closeCompetingProposals(tx, p.needId, p.need.countryCode, actor.viewer.userId);
  }
  const members = await membersOf(tx, [p.expertOrganisationId, p.need.organisationId]);
  for (const r of [...members.get(p.expertOrganisationId)!, ...members.get(p.need.organisationId)!]) {
    await queueEmail(tx, {
      to: r.email,
      userId: r.id,
      template: "engagement_confirmed",
      locale: r.locale,
      params: {
        engagementUrl: appUrl(`/engagements/${engagement.id}`),
        needTitle: p.need.title.slice(0, 300),
      },
      dedupeKey: `engagement_confirmed:${engagement.id}:${r.id}`,
    });
  }
  return { id: proposalId, status: "confirmed" as const, engagementId: engagement.id, closedCount };
}

async function closeCompetingProposals(tx: Tx, needId: string, countryCode: string, actorUserId: string) {
  const competing = await tx.proposal.findMany({
    where: { needId, status: { in: liveProposalStatuses } },
    select: { id: true, status: true, expertOrganisationId: true },
  });
  if (!competing.length) return 0;
  await tx.proposal.updateMany({
    where: { id: { in: competing.map((c) => c.id) }, status: { in: liveProposalStatuses } },
    data: { status: "closed", closedReason: CLOSED_NEED_FILLED },
  });
  // The expert saw an approved or accepted proposal: tell them, politely. A merely `proposed` pair never reached them.
  const told = competing.filter((c) => c.status !== "proposed");
  const members = await membersOf(tx, [...new Set(told.map((c) => c.expertOrganisationId))]);
  for (const c of competing) {
    await auditProposal(tx, { userId: actorUserId }, null, "closed", c.id, {
      from: c.status,
      to: "closed",
      needId,
      reason: CLOSED_NEED_FILLED,
    });
  }
  for (const c of told) {
    for (const r of members.get(c.expertOrganisationId) ?? []) {
      await queueEmail(tx, {
        to: r.email,
        userId: r.id,
        template: "proposal_closed",
        locale: r.locale,
        params: { proposalsUrl: appUrl(`/proposals/${c.id}`), countryCode },
        dedupeKey: `proposal_closed:${c.id}:${r.id}`,
      });
    }
  }
  return competing.length;
}

export async function declineExpertAsCoalition(tx: Tx, actor: Actor, proposalId: string, reason: string) {
  const p = await loadProposal(tx, proposalId);
  requireCoalitionActor(actor, p);
  const r = requireReason(reason, proposalId);
  await declineProposal(tx, actor, p, "decline_coalition", p.need.organisationId, {
    coalitionDecidedById: actor.viewer.userId,
    coalitionDecidedAt: new Date(),
    coalitionDeclineReason: r,
  });
  const members = (await membersOf(tx, [p.expertOrganisationId])).get(p.expertOrganisationId)!;
  for (const m of members) {
    await queueEmail(tx, {
      to: m.email,
      userId: m.id,
      template: "proposal_closed",
      locale: m.locale,
      params: { proposalsUrl: appUrl(`/proposals/${proposalId}`), countryCode: p.need.countryCode },
      dedupeKey: `proposal_closed:${proposalId}:${m.id}`,
    });
  }
  return { id: proposalId, status: "declined_by_coalition" as const };
}
