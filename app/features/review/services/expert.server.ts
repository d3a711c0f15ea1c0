// The expert organisation's part of the review: accept an approved proposal (with the conflict and
// confidentiality undertakings) or decline it with a reason, which feeds back into matching.
import { isMemberOf } from "~/features/auth/policy";
import { queueEmail } from "~/features/email/index.server";
import type { Tx } from "~/utils/db.server";
import { AppError } from "~/utils/lifecycle";
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

function requireExpertActor(actor: Actor, p: { expertOrganisationId: string; id: string; status: string }) {
  if (!isMemberOf(actor.viewer, p.expertOrganisationId))
    throw new AppError("forbidden", "proposal", p.id, { currentStatus: p.status });
}

export async function acceptProposal(
  tx: Tx,
  actor: Actor,
  proposalId: string,
  undertakings: { conflictConfirmed: boolean; confidentialityAccepted: boolean },
) {
  const p = await loadProposal(tx, proposalId);
  requireExpertActor(actor, p);
  if (!undertakings.conflictConfirmed || !undertakings.confidentialityAccepted) {
    throw new AppError("undertakingsRequired", "proposal", proposalId, { currentStatus: p.status });
  }
  await moveProposal(tx, p, "accept", {
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
  const p = await loadProposal(tx, proposalId);
  requireExpertActor(actor, p);
  const r = requireReason(reason, proposalId);
  await declineProposal(tx, actor, p, "decline_expert", p.expertOrganisationId, {
    respondedById: actor.viewer.userId,
    respondedAt: new Date(),
    declineReason: r,
  });
  return { id: proposalId, status: "declined_by_expert" as const };
}
