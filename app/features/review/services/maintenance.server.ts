// The worker's part of the review: one reminder for approved proposals the expert has not answered in the
// offer's response time, and expiry of those still unanswered after PROPOSAL_EXPIRY_DAYS. Each proposal in
// its own transaction; a retried job finds the work done and repeats nothing.
import { queueEmail } from "~/features/email/index.server";
import type { Db } from "~/utils/db.server";
import { appUrl } from "~/utils/urls";
import {
  auditProposal,
  DAY_MS,
  loadProposal,
  proposalReplyBy,
  reopenIfNoLiveProposals,
} from "./proposal-steps.server";
import { membersOf, secretariatMembers } from "./recipients.server";

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
      const p = await loadProposal(tx, id);
      await auditProposal(tx, systemActor, null, "reminded", id, { needId: p.needId });
      // The proposal's one deadline (proposalReplyBy, stored on approval), as the page shows it.
      const respondBy = (p.expiresAt ?? proposalReplyBy(now)).toISOString();
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
      const p = await loadProposal(tx, id);
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
