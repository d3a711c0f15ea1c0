// The review lifecycle of a proposal (domain.md "Review and engagement"):
//   proposed (worker, or by hand) → secretariat approved | rejected (reason)
//   approved → expert accepted (conflict + confidentiality undertakings) | declined_by_expert (reason)
//   accepted → coalition confirmed (an engagement starts) | declined_by_coalition (reason)
// Each transition is one conditional update (`updateMany` where the status is the one it starts from)
// inside the caller's transaction, with its audit event and email/outbox rows. A refused transition
// throws LifecycleRefusedError and, the transaction rolling back, changes nothing. A second submission of
// the same form finds the proposal already moved on and is refused the same way.
import { isMemberOf, isSecretariat, type Viewer } from "~/features/auth/policy";
import { queueEmail } from "~/features/email/index.server";
import type { OutcomeHistory } from "~/features/matching/core";
import { liveProposalStatuses, scoreNeedOfferPair } from "~/features/matching/index.server";
import { markNeedEngaged, markNeedMatching, reopenNeed } from "~/features/needs/index.server";
import type { ProposalStatus } from "~/generated/prisma/enums";
import { audit } from "~/utils/audit.server";
import type { Db, Prisma, Tx } from "~/utils/db.server";
import { appUrl } from "~/utils/urls";
import { LifecycleRefusedError } from "./errors.server";
import { membersOf, secretariatMembers } from "./recipients.server";
import { setting } from "~/utils/env-schema";

export type Actor = { viewer: NonNullable<Viewer>; ip?: string | null };

export const proposalTransitions = {
  approve: { from: ["proposed"], to: "approved" },
  reject: { from: ["proposed"], to: "rejected" },
  accept: { from: ["approved"], to: "accepted" },
  decline_expert: { from: ["approved"], to: "declined_by_expert" },
  confirm: { from: ["accepted"], to: "confirmed" },
  decline_coalition: { from: ["accepted"], to: "declined_by_coalition" },
  expire: { from: ["approved"], to: "expired" },
  close: { from: ["proposed", "approved", "accepted"], to: "closed" },
} as const satisfies Record<string, { from: ProposalStatus[]; to: ProposalStatus }>;
export type ProposalAction = keyof typeof proposalTransitions;

export function proposalExpiryDays() {
  const n = setting("PROPOSAL_EXPIRY_DAYS");
  return Number.isInteger(n) && n >= 1 ? n : 14;
}

const DAY_MS = 86_400_000;
const proposalSelect = {
  id: true,
  status: true,
  needId: true,
  offerId: true,
  expertOrganisationId: true,
  expiresAt: true,
  need: {
    select: {
      id: true,
      title: true,
      status: true,
      organisationId: true,
      countryCode: true,
      categoryId: true,
      expertsWanted: true,
    },
  },
  offer: { select: { id: true, responseTimeDays: true, organisation: { select: { name: true } } } },
} satisfies Prisma.ProposalSelect;

async function load(tx: Tx, proposalId: string) {
  const p = await tx.proposal.findUnique({ where: { id: proposalId }, select: proposalSelect });
  if (!p) throw new LifecycleRefusedError("notFound", "proposal", proposalId);
  return p;
}

/** The conditional update at the heart of every transition. */
async function move(
  tx: Tx,
  proposalId: string,
  action: ProposalAction,
  current: ProposalStatus,
  data: Prisma.ProposalUpdateManyMutationInput = {},
) {
  const { from, to } = proposalTransitions[action];
  const { count } = await tx.proposal.updateMany({
    where: { id: proposalId, status: { in: [...from] } },
    data: { ...data, status: to },
  });
  if (count === 0) throw new LifecycleRefusedError("wrongState", "proposal", proposalId, current);
  return to;
}

function requireReason(reason: string | null | undefined, id: string) {
  const r = (reason ?? "").trim();
  if (!r) throw new LifecycleRefusedError("reasonRequired", "proposal", id);
  return r.slice(0, 2000);
}

async function auditProposal(
  tx: Tx,
  actor: { userId: string | null; ip?: string | null },
  organisationId: string | null,
  action: string,
  proposalId: string,
  metadata: Record<string, string | number | boolean | null>,
) {
  await audit(tx, {
    actorId: actor.userId,
    organisationId,
    action: `proposal.${action}`,
    entityType: "proposal",
    entityId: proposalId,
    ip: actor.ip ?? null,
    metadata,
  });
}

/** When nothing is in play any more on a `matching` need, it goes back to `open` (and to the matcher). */
export async function reopenIfNoLiveProposals(tx: Tx, needId: string, actorUserId: string | null) {
  const [need, live] = await Promise.all([
    tx.need.findUnique({ where: { id: needId }, select: { status: true } }),
    tx.proposal.count({ where: { needId, status: { in: [...liveProposalStatuses, "confirmed"] } } }),
  ]);
  if (need?.status === "matching" && live === 0) await reopenNeed(tx, needId, { userId: actorUserId });
}

// ───────────── secretariat ─────────────

function requireSecretariatActor(actor: Actor, id: string | null) {
  if (!isSecretariat(actor.viewer)) throw new LifecycleRefusedError("forbidden", "proposal", id);
}

export async function approveProposal(tx: Tx, actor: Actor, proposalId: string, now = new Date()) {
  requireSecretariatActor(actor, proposalId);
  const p = await load(tx, proposalId);
  if (p.status !== "proposed")
    throw new LifecycleRefusedError("wrongState", "proposal", proposalId, p.status);
  if (!["open", "matching"].includes(p.need.status))
    throw new LifecycleRefusedError("needNotActive", "proposal", proposalId, p.status);
  const expiresAt = new Date(now.getTime() + proposalExpiryDays() * DAY_MS);
  await move(tx, proposalId, "approve", p.status, {
    reviewedById: actor.viewer.userId,
    reviewedAt: now,
    expiresAt,
  });
  if (p.need.status === "open") await markNeedMatching(tx, p.needId, { userId: actor.viewer.userId });
  await auditProposal(tx, { userId: actor.viewer.userId, ip: actor.ip }, null, "approved", proposalId, {
    from: p.status,
    to: "approved",
    needId: p.needId,
  });
  const respondBy = new Date(now.getTime() + p.offer.responseTimeDays * DAY_MS).toISOString().slice(0, 10);
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
  const p = await load(tx, proposalId);
  await move(tx, proposalId, "reject", p.status, {
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
      select: { id: true, status: true, organisationId: true },
    }),
  ]);
  if (!need) throw new LifecycleRefusedError("notFound", "need", input.needId);
  if (!offer) throw new LifecycleRefusedError("notFound", "offer", input.offerId);
  if (!["open", "matching"].includes(need.status))
    throw new LifecycleRefusedError("needNotActive", "need", need.id, need.status);
  if (offer.status !== "active")
    throw new LifecycleRefusedError("offerNotActive", "offer", offer.id, offer.status);
  if (offer.organisationId === need.organisationId)
    throw new LifecycleRefusedError("ownOrganisation", "offer", offer.id);
  const existing = await tx.proposal.findUnique({
    where: { needId_offerId: { needId: need.id, offerId: offer.id } },
    select: { id: true, status: true },
  });
  if (existing) throw new LifecycleRefusedError("alreadyProposed", "proposal", existing.id, existing.status);

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
  if (need.status === "open") await markNeedMatching(tx, need.id, { userId: actor.viewer.userId });
  if (input.approve) await approveProposal(tx, actor, created.id, now);
  return { id: created.id, score, warnings };
}

// ───────────── expert organisation ─────────────

function requireExpertActor(actor: Actor, p: { expertOrganisationId: string; id: string; status: string }) {
  if (!isMemberOf(actor.viewer, p.expertOrganisationId))
    throw new LifecycleRefusedError("forbidden", "proposal", p.id, p.status);
}

export async function acceptProposal(
  tx: Tx,
  actor: Actor,
  proposalId: string,
  undertakings: { conflictConfirmed: boolean; confidentialityAccepted: boolean },
) {
  const p = await load(tx, proposalId);
  requireExpertActor(actor, p);
  if (!undertakings.conflictConfirmed || !undertakings.confidentialityAccepted) {
    throw new LifecycleRefusedError("undertakingsRequired", "proposal", proposalId, p.status);
  }
  await move(tx, proposalId, "accept", p.status, {
    respondedById: actor.viewer.userId,
    respondedAt: new Date(),
    conflictConfirmed: true,
    confidentialityAccepted: true,
  });
  await auditProposal(
    tx,
    { userId: actor.viewer.userId, ip: actor.ip },
    p.expertOrganisationId,
    "accepted",
    proposalId,
    {
      from: p.status,
      to: "accepted",
      needId: p.needId,
      conflictConfirmed: true,
      confidentialityAccepted: true,
    },
  );
  const recipients = (await membersOf(tx, [p.need.organisationId])).get(p.need.organisationId)!;
  for (const r of recipients) {
    await queueEmail(tx, {
      to: r.email,
      userId: r.id,
      template: "proposal_accepted",
      locale: r.locale,
      params: {
        needUrl: appUrl(`/needs/${p.needId}/experts`),
        needTitle: p.need.title.slice(0, 300),
        expertName: p.offer.organisation.name.slice(0, 300),
      },
      dedupeKey: `proposal_accepted:${proposalId}:${r.id}`,
    });
  }
  return { id: proposalId, status: "accepted" as const };
}

export async function declineProposalAsExpert(tx: Tx, actor: Actor, proposalId: string, reason: string) {
  const p = await load(tx, proposalId);
  requireExpertActor(actor, p);
  const r = requireReason(reason, proposalId);
  await move(tx, proposalId, "decline_expert", p.status, {
    respondedById: actor.viewer.userId,
    respondedAt: new Date(),
    declineReason: r,
  });
  await auditProposal(
    tx,
    { userId: actor.viewer.userId, ip: actor.ip },
    p.expertOrganisationId,
    "declined_by_expert",
    proposalId,
    {
      from: p.status,
      to: "declined_by_expert",
      needId: p.needId,
    },
  );
  await reopenIfNoLiveProposals(tx, p.needId, actor.viewer.userId);
  return { id: proposalId, status: "declined_by_expert" as const };
}

// ───────────── coalition ─────────────

function requireCoalitionActor(
  actor: Actor,
  p: { need: { organisationId: string }; id: string; status: string },
) {
  if (!isMemberOf(actor.viewer, p.need.organisationId))
    throw new LifecycleRefusedError("forbidden", "proposal", p.id, p.status);
}

/** Polite reason stored on proposals closed because the need was filled (shown to the expert, translated by code). */
export const CLOSED_NEED_FILLED = "need_filled";

/**
 * The coalition confirms an accepted expert: the proposal is confirmed and an engagement starts. Once as
 * many experts as the need wants are confirmed, the need is `engaged` and every other live proposal on it
 * is closed politely; the experts who had seen theirs are told.
 */
export async function confirmExpert(tx: Tx, actor: Actor, proposalId: string) {
  const p = await load(tx, proposalId);
  requireCoalitionActor(actor, p);
  if (p.status !== "accepted")
    throw new LifecycleRefusedError("wrongState", "proposal", proposalId, p.status);
  if (p.need.status !== "matching")
    throw new LifecycleRefusedError("needNotActive", "proposal", proposalId, p.status);
  const now = new Date();
  await move(tx, proposalId, "confirm", p.status, {
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
    await markNeedEngaged(tx, p.needId, { userId: actor.viewer.userId, ip: actor.ip });
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
  const p = await load(tx, proposalId);
  requireCoalitionActor(actor, p);
  const r = requireReason(reason, proposalId);
  await move(tx, proposalId, "decline_coalition", p.status, {
    coalitionDecidedById: actor.viewer.userId,
    coalitionDecidedAt: new Date(),
    coalitionDeclineReason: r,
  });
  await auditProposal(
    tx,
    { userId: actor.viewer.userId, ip: actor.ip },
    p.need.organisationId,
    "declined_by_coalition",
    proposalId,
    {
      from: p.status,
      to: "declined_by_coalition",
      needId: p.needId,
    },
  );
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
  await reopenIfNoLiveProposals(tx, p.needId, actor.viewer.userId);
  return { id: proposalId, status: "declined_by_coalition" as const };
}

// ───────────── maintenance (worker) ─────────────

const systemActor = { userId: null };

/**
 * Reminders: approved proposals the expert has not answered within the offer's response time get one
 * reminder (remindedAt marks it; a retried job finds it set and sends nothing more).
 */
export async function sendProposalReminders(client: Db, now = new Date()) {
  const due = await client.$queryRaw<Array<{ id: string }>>`
    SELECT p.id FROM "Proposal" p JOIN "Offer" o ON o.id = p."offerId"
    WHERE p.status = 'approved' AND p."remindedAt" IS NULL AND p."reviewedAt" IS NOT NULL
      AND p."reviewedAt" + make_interval(days => o."responseTimeDays") <= ${now}
    ORDER BY p."reviewedAt" LIMIT 1000`;
  let sent = 0;
  for (const { id } of due) {
    await client.$transaction(async (tx) => {
      const { count } = await tx.proposal.updateMany({
        where: { id, status: "approved", remindedAt: null },
        data: { remindedAt: now },
      });
      if (!count) return;
      const p = await load(tx, id);
      await auditProposal(tx, systemActor, null, "reminded", id, { needId: p.needId });
      const respondBy = (p.expiresAt ?? new Date(now.getTime() + 7 * DAY_MS)).toISOString().slice(0, 10);
      for (const r of (await membersOf(tx, [p.expertOrganisationId])).get(p.expertOrganisationId)!) {
        await queueEmail(tx, {
          to: r.email,
          userId: r.id,
          template: "proposal_reminder",
          locale: r.locale,
          params: { proposalUrl: appUrl(`/proposals/${id}`), respondBy },
          dedupeKey: `proposal_reminder:${id}:${r.id}`,
        });
      }
      sent++;
    });
  }
  return { reminded: sent };
}

/** Expiry: approved proposals unanswered `days` after approval expire; the secretariat is told. */
export async function expireProposals(client: Db, days: number, now = new Date()) {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const due = await client.proposal.findMany({
    where: { status: "approved", reviewedAt: { lte: cutoff } },
    select: { id: true },
    orderBy: { reviewedAt: "asc" },
    take: 1000,
  });
  let expired = 0;
  for (const { id } of due) {
    await client.$transaction(async (tx) => {
      const { count } = await tx.proposal.updateMany({
        where: { id, status: "approved", reviewedAt: { lte: cutoff } },
        data: { status: "expired", closedReason: "expired" },
      });
      if (!count) return;
      const p = await load(tx, id);
      await auditProposal(tx, systemActor, null, "expired", id, {
        from: "approved",
        to: "expired",
        needId: p.needId,
        days,
      });
      for (const r of await secretariatMembers(tx)) {
        await queueEmail(tx, {
          to: r.email,
          userId: r.id,
          template: "proposal_expired",
          locale: r.locale,
          params: {
            reviewUrl: appUrl(`/secretariat/review?proposeFor=${p.needId}`),
            needTitle: p.need.title.slice(0, 300),
            expertName: p.offer.organisation.name.slice(0, 300),
          },
          dedupeKey: `proposal_expired:${id}:${r.id}`,
        });
      }
      await reopenIfNoLiveProposals(tx, p.needId, null);
      expired++;
    });
  }
  return { expired };
}
