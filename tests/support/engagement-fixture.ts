// An engagement under way in a network from createNetwork(): the coalition's need (engaged), an offer of
// the expert organisation, the confirmed proposal between them and the engagement it started.
import { db } from "~/utils/db.server";
import { createNeed, createOffer, createProposal, type createNetwork } from "./factories";

export async function createActiveEngagement(n: Awaited<ReturnType<typeof createNetwork>>) {
  const need = await createNeed({
    organisationId: n.coalition.id,
    createdById: n.coalitionUser.id,
    status: "engaged",
  });
  const offer = await createOffer({ organisationId: n.expert.id, createdById: n.expertUser.id });
  const proposal = await createProposal({
    needId: need.id,
    offerId: offer.id,
    expertOrganisationId: n.expert.id,
    status: "confirmed",
    reviewedAt: new Date(),
  });
  const engagement = await db().engagement.create({
    data: {
      needId: need.id,
      offerId: offer.id,
      proposalId: proposal.id,
      expertOrganisationId: n.expert.id,
      coalitionOrganisationId: n.coalition.id,
    },
  });
  return { need, offer, proposal, engagement };
}
