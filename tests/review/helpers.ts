// Viewers for service tests, built the way session.server.ts builds them from a session.
import type { Viewer } from "~/features/auth/policy";
import {
  createNeed,
  createNetwork,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";

export function viewerOf(
  userId: string,
  memberships: Array<{
    id: string;
    kind: "COALITION" | "EXPERT" | "SECRETARIAT";
    vettingLevel?: "unverified" | "verified" | "trusted";
  }>,
  twoFactorVerified = true,
): NonNullable<Viewer> {
  return {
    userId,
    twoFactorVerified,
    memberships: memberships.map((m) => ({
      organisationId: m.id,
      kind: m.kind,
      vettingLevel: m.vettingLevel ?? "verified",
      role: "admin" as const,
    })),
  };
}

/** A network with a need in `matching`, two offers from two expert organisations and a proposal on each. */
export async function reviewFixture(
  needOverrides: Parameters<typeof createNeed>[0] extends infer T ? Partial<T> : never = {},
) {
  const net = await createNetwork();
  const expert2 = await createOrganisation({
    kind: "EXPERT",
    vettingLevel: "trusted",
    coverageRegions: ["latin_america_caribbean"],
    name: "Second Expert Org",
  });
  const expert2User = await createUser({}, { organisationId: expert2.id, role: "admin" });
  const need = await createNeed({
    organisationId: net.coalition.id,
    createdById: net.coalitionUser.id,
    status: "matching",
    ...needOverrides,
  });
  const offer1 = await createOffer({
    organisationId: net.expert.id,
    createdById: net.expertUser.id,
    responseTimeDays: 3,
  });
  const offer2 = await createOffer({
    organisationId: expert2.id,
    createdById: expert2User.id,
    responseTimeDays: 5,
  });
  const p1 = await createProposal({
    needId: need.id,
    offerId: offer1.id,
    expertOrganisationId: net.expert.id,
    score: 80,
  });
  const p2 = await createProposal({
    needId: need.id,
    offerId: offer2.id,
    expertOrganisationId: expert2.id,
    score: 60,
  });
  const actors = {
    secretariat: {
      viewer: viewerOf(net.secretariatUser.id, [{ id: net.secretariat.id, kind: "SECRETARIAT" }]),
    },
    secretariatNo2fa: {
      viewer: viewerOf(net.secretariatUser.id, [{ id: net.secretariat.id, kind: "SECRETARIAT" }], false),
    },
    coalition: { viewer: viewerOf(net.coalitionUser.id, [{ id: net.coalition.id, kind: "COALITION" }]) },
    expert: {
      viewer: viewerOf(net.expertUser.id, [{ id: net.expert.id, kind: "EXPERT", vettingLevel: "trusted" }]),
    },
    expert2: {
      viewer: viewerOf(expert2User.id, [{ id: expert2.id, kind: "EXPERT", vettingLevel: "trusted" }]),
    },
  };
  return { ...net, expert2, expert2User, need, offer1, offer2, p1, p2, actors };
}
