import { describe, expect, it } from "vitest";
import { visibleOffersWhere, type Viewer } from "~/features/auth/policy";
import {
  loadOffersBoard,
  parseOfferBoardParams,
  visibleOffersSql,
} from "~/features/offers/services/offers-board.server";
import { db } from "~/utils/db.server";
import {
  createEngagement,
  createNeed,
  createNetwork,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";

const params = (query = "") => parseOfferBoardParams(new URL(`http://x/offers?${query}`));

function viewerOf(
  userId: string,
  organisationId: string,
  kind: "COALITION" | "EXPERT" | "SECRETARIAT",
  vettingLevel: "unverified" | "verified" | "trusted" = "verified",
  twoFactorVerified = true,
): Viewer {
  return { userId, twoFactorVerified, memberships: [{ organisationId, kind, vettingLevel, role: "member" }] };
}

describe("offers board", () => {
  it("lists what the policy allows per role", async () => {
    const n = await createNetwork();
    const otherExpert = await createOrganisation({ kind: "EXPERT" });
    const other = await createUser({}, { organisationId: otherExpert.id });
    const byStatus: Record<string, string> = {};
    for (const status of ["draft", "active", "paused", "retired"] as const) {
      byStatus[status] = (
        await createOffer({ organisationId: otherExpert.id, createdById: other.id, status })
      ).id;
    }
    const ownDraft = await createOffer({
      organisationId: n.expert.id,
      createdById: n.expertUser.id,
      status: "draft",
    });
    const viewers: Record<string, Viewer> = {
      visitor: null,
      secretariat: viewerOf(n.secretariatUser.id, n.secretariat.id, "SECRETARIAT"),
      coalition: viewerOf(n.coalitionUser.id, n.coalition.id, "COALITION"),
      expert: viewerOf(n.expertUser.id, n.expert.id, "EXPERT", "trusted"),
      unverified: viewerOf(n.coalitionUser.id, n.coalition.id, "COALITION", "unverified"),
    };
    for (const [name, viewer] of Object.entries(viewers)) {
      const policy = await db().offer.findMany({ where: visibleOffersWhere(viewer), select: { id: true } });
      const viaSql = await db().$queryRaw<
        Array<{ id: string }>
      >`SELECT o.id FROM "Offer" o WHERE ${visibleOffersSql(viewer)}`;
      expect(viaSql.map((r) => r.id).sort(), name).toEqual(policy.map((r) => r.id).sort());
    }
    const ids = async (name: string, mine = false, q = "") =>
      (await loadOffersBoard(viewers[name], params(q), { mine })).items.map((i) => i.id);
    expect(await ids("visitor")).toEqual([]);
    expect(await ids("unverified")).toEqual([]);
    expect((await ids("coalition")).sort()).toEqual([byStatus.active, byStatus.paused].sort());
    expect(await ids("expert", true)).toEqual([ownDraft.id]);
    expect(await ids("expert")).not.toContain(ownDraft.id);
    expect(await ids("secretariat", false, "status=retired")).toEqual([byStatus.retired]);
  });

  it("filters by coverage, counts facets and shows remaining capacity", async () => {
    const n = await createNetwork();
    const expert = await createOrganisation({ kind: "EXPERT" });
    const u = await createUser({}, { organisationId: expert.id });
    const mk = (data: Record<string, unknown>) =>
      createOffer({ organisationId: expert.id, createdById: u.id, ...data });
    const mx = await mk({
      coverageCountries: ["MX"],
      coverageRegions: [],
      categoryIds: ["legal"],
      languages: ["es"],
      maxConcurrent: 2,
      hoursPerMonth: 10,
    });
    const latam = await mk({
      coverageCountries: [],
      coverageRegions: ["latin_america_caribbean"],
      categoryIds: ["legal", "advocacy"],
      languages: ["es", "en"],
    });
    const global = await mk({
      coverageGlobal: true,
      coverageCountries: [],
      coverageRegions: [],
      categoryIds: ["digital_security"],
      languages: ["en"],
    });
    const africa = await mk({
      coverageCountries: ["KE"],
      coverageRegions: ["sub_saharan_africa"],
      categoryIds: ["legal"],
      languages: ["en", "sw"],
    });
    const viewer = viewerOf(u.id, expert.id, "EXPERT");

    const need = await createNeed({
      organisationId: n.coalition.id,
      createdById: n.coalitionUser.id,
      status: "engaged",
    });
    const p = await createProposal({
      needId: need.id,
      offerId: mx.id,
      expertOrganisationId: expert.id,
      status: "confirmed",
    });
    const e = await createEngagement({
      needId: need.id,
      offerId: mx.id,
      proposalId: p.id,
      expertOrganisationId: expert.id,
      coalitionOrganisationId: n.coalition.id,
    });
    await db().engagementUpdate.create({
      data: { engagementId: e.id, authorId: u.id, organisationId: expert.id, body: "x", hours: 4 },
    });

    const all = await loadOffersBoard(viewer, params(), { mine: true });
    expect(all.total).toBe(4);
    expect(all.facets.category).toEqual({ legal: 3, advocacy: 1, digital_security: 1 });
    expect(all.facets.region).toEqual({ latin_america_caribbean: 1, sub_saharan_africa: 1, global: 1 });
    expect(all.items.find((i) => i.id === mx.id)?.capacity).toMatchObject({ slotsLeft: 1, hoursLeft: 6 });

    const inMexico = await loadOffersBoard(viewer, params("country=MX"), { mine: true });
    expect(inMexico.items.map((i) => i.id).sort()).toEqual([mx.id, latam.id, global.id].sort());
    expect(inMexico.facets.country).toEqual({ MX: 1, KE: 1 });
    const legalInAfrica = await loadOffersBoard(viewer, params("region=sub_saharan_africa&category=legal"), {
      mine: true,
    });
    expect(legalInAfrica.items.map((i) => i.id)).toEqual([africa.id]);
    expect((await loadOffersBoard(viewer, params("language=sw"), { mine: true })).total).toBe(1);
  });
});
