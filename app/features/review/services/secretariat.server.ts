// The secretariat's part of the review (domain.md "Review and engagement"): approve or reject what the
// matcher proposed, or propose an expert by hand. Each step is the lifecycle kit's transition
// (app/utils/lifecycle/proposal.ts) with its audit event and email rows, in the caller's transaction.
import { isSecretariat, offerPublishedToNetwork } from "~/features/auth/policy";
import { queueEmail } from "~/features/email/index.server";
import type { OutcomeHistory } from "~/features/matching/core";
import { scoreNeedOfferPair } from "~/features/matching/index.server";
import { markNeedMatching } from "~/features/needs/index.server";
import type { Db, Prisma, Tx } from "~/utils/db.server";
import { AppError, proposalTable } from "~/utils/lifecycle";
import { appUrl } from "~/utils/urls";
import {
  type Actor,
  auditProposal,
  loadProposal,
  moveProposal,
  proposalReplyBy,
  reopenIfNoLiveProposals,
  requireReason,
} from "./proposal-steps.server";
import { membersOf } from "./recipients.server";

function requireSecretariatActor(actor: Actor, id: string | null) {
  if (!isSecretariat(actor.viewer)) throw new AppError("forbidden", "proposal", id);
}

export async function approveProposal(tx: Tx, actor: Actor, proposalId: string, now = new Date()) {
  requireSecretariatActor(actor, proposalId);
  const p = await loadProposal(tx, proposalId);
  proposalTable.next("approve", p.status, proposalId);
  if (!["open", "matching"].includes(p.need.status))
    throw new AppError("needNotActive", "proposal", proposalId, { currentStatus: p.status });
  const expiresAt = proposalReplyBy(now);
  await moveProposal(tx, p, "approve", {
    reviewedById: actor.viewer.userId,
    reviewedAt: now,
    expiresAt,
  });
  if (p.need.status === "open") await markNeedMatching(tx, { userId: actor.viewer.userId }, p.needId);
  await auditProposal(tx, { userId: actor.viewer.userId, ip: actor.ip }, null, "approved", proposalId, {
    from: p.status,
    to: "approved",
    needId: p.needId,
  });
  // The same moment the proposal page shows (expiresAt), written in each recipient's time zone.
  const respondBy = expiresAt.toISOString();
  const recipients = (await membersOf(tx, [p.expertOrganisationId])).get(p.expertOrganisationId)!;
  for (const r of recipients) {
    await queueEmail(tx, {
      to: r.email,
      userId: r.id,
      template: "proposal_to_expert",
      locale: r.locale,
      params: {
        proposalUrl: appUrl(`/proposals/${proposalId}`),
        countryCode: p.need.countryCode,
        categoryId: p.need.categoryId,
        respondBy,
      },
      dedupeKey: `proposal_to_expert:${proposalId}:${r.id}`,
    });
  }
  return { id: proposalId, status: "approved" as const };
}

export async function rejectProposal(tx: Tx, actor: Actor, proposalId: string, reason: string) {
  requireSecretariatActor(actor, proposalId);
  const r = requireReason(reason, proposalId);
  const p = await loadProposal(tx, proposalId);
  await moveProposal(tx, p, "reject", {
    reviewedById: actor.viewer.userId,
    reviewedAt: new Date(),
    rejectionReason: r,
  });
  await auditProposal(tx, { userId: actor.viewer.userId, ip: actor.ip }, null, "rejected", proposalId, {
    from: p.status,
    to: "rejected",
    needId: p.needId,
  });
  await reopenIfNoLiveProposals(tx, p.needId, actor.viewer.userId);
  return { id: proposalId, status: "rejected" as const };
}

/** Outcome history of expert organisations, for the quality factor and the review queue. */
export async function loadExpertHistory(client: Db | Tx, organisationIds: string[]) {
  const out = new Map<
    string,
    OutcomeHistory & { closed: number; cancelled: number; ratingAvg: number | null }
  >();
  if (!organisationIds.length) return out;
  const rows = await client.$queryRaw<
    Array<{
      org: string;
      achieved: number;
      partly: number;
      not_achieved: number;
      cancelled: number;
      closed: number;
      rating_count: number;
      rating_sum: number;
    }>
  >`
    SELECT e."expertOrganisationId" AS org,
           COUNT(*) FILTER (WHERE e.outcome = 'achieved')::int AS achieved,
           COUNT(*) FILTER (WHERE e.outcome = 'partly_achieved')::int AS partly,
           COUNT(*) FILTER (WHERE e.outcome = 'not_achieved')::int AS not_achieved,
           COUNT(*) FILTER (WHERE e.outcome = 'cancelled')::int AS cancelled,
           COUNT(*)::int AS closed,
           COALESCE(SUM(f.cnt), 0)::int AS rating_count,
           COALESCE(SUM(f.total), 0)::int AS rating_sum
    FROM "Engagement" e
    LEFT JOIN LATERAL (
      SELECT COUNT(*) AS cnt, SUM(rating) AS total FROM "EngagementFeedback" ef
      WHERE ef."engagementId" = e.id AND ef."organisationId" = e."coalitionOrganisationId"
    ) f ON true
    WHERE e."expertOrganisationId" = ANY(${organisationIds}) AND e.status = 'closed'
    GROUP BY e."expertOrganisationId"`;
  for (const r of rows) {
    out.set(r.org, {
      achieved: r.achieved,
      partlyAchieved: r.partly,
      notAchieved: r.not_achieved,
      cancelled: r.cancelled,
      closed: r.closed,
      ratingCount: r.rating_count,
      ratingSum: r.rating_sum,
      ratingAvg: r.rating_count ? Math.round((r.rating_sum / r.rating_count) * 10) / 10 : null,
    });
  }
  return out;
}

/**
 * The secretariat proposes an expert by hand. The breakdown is computed by the matching core's scoring
 * (the same factors as the worker's) and marked manual; hard filters the pair fails are recorded as
 * warnings rather than refusals (the secretariat may know better), except the ones that make no sense.
 */
export async function proposeManually(
  tx: Tx,
  actor: Actor,
  input: { needId: string; offerId: string; approve?: boolean },
  now = new Date(),
) {
  requireSecretariatActor(actor, null);
  const [need, offer] = await Promise.all([
    tx.need.findUnique({
      where: { id: input.needId },
      select: { id: true, status: true, organisationId: true },
    }),
    tx.offer.findUnique({
      where: { id: input.offerId },
      select: {
        id: true,
        status: true,
        organisationId: true,
        organisation: { select: { vettingLevel: true } },
      },
    }),
  ]);
  if (!need) throw new AppError("notFound", "need", input.needId);
  if (!offer) throw new AppError("notFound", "offer", input.offerId);
  if (!["open", "matching"].includes(need.status))
    throw new AppError("needNotActive", "need", need.id, { currentStatus: need.status });
  if (offer.status !== "active")
    throw new AppError("offerNotActive", "offer", offer.id, { currentStatus: offer.status });
  if (offer.organisationId === need.organisationId) throw new AppError("ownOrganisation", "offer", offer.id);
  // An unvetted organisation's offer is not published to the network (policy: offerPublishedToNetwork), so
  // not even the secretariat proposes it by hand: vet the organisation first.
  if (!offerPublishedToNetwork(offer.organisation))
    throw new AppError("expertUnverified", "offer", offer.id, { currentStatus: offer.status });
  const existing = await tx.proposal.findUnique({
    where: { needId_offerId: { needId: need.id, offerId: offer.id } },
    select: { id: true, status: true },
  });
  if (existing)
    throw new AppError("alreadyProposed", "proposal", existing.id, { currentStatus: existing.status });

  // The matcher's own breakdown (one builder for every proposal), without fairness penalties: the pair is
  // the secretariat's choice, not the optimiser's.
  const scored = (await scoreNeedOfferPair(tx, need.id, offer.id, { now, fairness: false }))!;
  const warnings = scored.failedFilters;
  const score = Math.max(0, Math.min(100, Math.round(scored.breakdown.baseScore * 10) / 10));
  const breakdown = { ...scored.breakdown, score, manual: true, hardFilterWarnings: warnings };
  const created = await tx.proposal.create({
    data: {
      needId: need.id,
      offerId: offer.id,
      expertOrganisationId: offer.organisationId,
      status: "proposed",
      source: "secretariat",
      score,
      breakdown: JSON.parse(JSON.stringify(breakdown)) as Prisma.InputJsonValue,
      proposedById: actor.viewer.userId,
    },
    select: { id: true },
  });
  await auditProposal(
    tx,
    { userId: actor.viewer.userId, ip: actor.ip },
    null,
    "proposed_manually",
    created.id,
    {
      needId: need.id,
      offerId: offer.id,
      warnings: warnings.join(",") || null,
    },
  );
  if (need.status === "open") await markNeedMatching(tx, { userId: actor.viewer.userId }, need.id);
  if (input.approve) await approveProposal(tx, actor, created.id, now);
  return { id: created.id, score, warnings };
}
