// Issue 15: every shape of the proposal page renders for the expert — proposed by hand by the secretariat,
// by the matcher, volunteered by the expert, requested by the coalition; with an offer covering the need's
// country directly, by region or globally; on anonymised and named needs; before and after acceptance.
// Through the production build (the real loader and page render): 200, never a 500.
import { beforeAll, describe, expect, it } from "vitest";
import { runMatchForNeeds } from "~/features/matching/services/matching.server";
import { requestOffer, volunteerOffer } from "~/features/outreach/services/reach-out.server";
import { acceptProposal } from "~/features/review/services/expert.server";
import { approveProposal, proposeManually } from "~/features/review/services/secretariat.server";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createNeed, createNetwork, createOffer, createOrganisation, createUser } from "../support/factories";
import { createTestSession } from "../support/sessions";
import { viewerOf } from "./helpers";

const coverages = {
  country: { coverageCountries: ["MX"], coverageRegions: [], coverageGlobal: false },
  region: { coverageCountries: [], coverageRegions: ["latin_america_caribbean"], coverageGlobal: false },
  global: { coverageCountries: [], coverageRegions: [], coverageGlobal: true },
} as const;
const sources = ["secretariat", "matched", "volunteered", "requested"] as const;

type Shape = {
  label: string;
  proposalId: string;
  cookie: string;
  expertOrganisationId: string;
  offerTitle: string;
  anonymised: boolean;
  actor: Parameters<typeof acceptProposal>[1];
};
const shapes: Shape[] = [];
let net: Awaited<ReturnType<typeof createNetwork>>;

beforeAll(async () => {
  net = await createNetwork();
  await db().organisation.update({
    where: { id: net.coalition.id },
    data: { name: "NAMED-COALITION Mexico" },
  });
  const sec = { viewer: viewerOf(net.secretariatUser.id, [{ id: net.secretariat.id, kind: "SECRETARIAT" }]) };
  const coalition = {
    viewer: viewerOf(net.coalitionUser.id, [{ id: net.coalition.id, kind: "COALITION" }]),
  };
  for (const source of sources) {
    for (const [coverage, fields] of Object.entries(coverages)) {
      for (const anonymised of [true, false]) {
        const label = `${source}/${coverage}/${anonymised ? "anonymised" : "named"}`;
        const org = await createOrganisation({
          kind: "EXPERT",
          vettingLevel: "trusted",
          name: `Expert ${label}`,
        });
        const user = await createUser({}, { organisationId: org.id, role: "admin" });
        const offer = await createOffer({
          organisationId: org.id,
          createdById: user.id,
          title: `OFFER ${label}`,
          ...fields,
          coverageCountries: [...fields.coverageCountries],
          coverageRegions: [...fields.coverageRegions],
        });
        // The matcher sees every active offer in this file's database: only this one is active while it runs.
        await db().offer.updateMany({ where: { id: { not: offer.id } }, data: { status: "paused" } });
        const need = await createNeed({
          organisationId: net.coalition.id,
          createdById: net.coalitionUser.id,
          title: `NEED ${label}`,
          anonymised,
          visibility: "network",
        });
        const expert = {
          viewer: viewerOf(user.id, [{ id: org.id, kind: "EXPERT", vettingLevel: "trusted" }]),
        };
        const input = { needId: need.id, offerId: offer.id };
        let proposalId: string;
        if (source === "secretariat") {
          proposalId = (await db().$transaction((tx) => proposeManually(tx, sec, input))).id;
        } else if (source === "volunteered") {
          proposalId = (await db().$transaction((tx) => volunteerOffer(tx, expert, input))).id;
        } else if (source === "requested") {
          proposalId = (await db().$transaction((tx) => requestOffer(tx, coalition, input))).id;
        } else {
          await runMatchForNeeds(db(), "need_changed", [need.id]);
          proposalId = (await db().proposal.findUniqueOrThrow({ where: { needId_offerId: input } })).id;
        }
        await db().offer.updateMany({ where: { status: "paused" }, data: { status: "active" } });
        await db().$transaction((tx) => approveProposal(tx, sec, proposalId));
        shapes.push({
          label,
          proposalId,
          cookie: (await createTestSession(user.id)).cookie,
          expertOrganisationId: org.id,
          offerTitle: offer.title,
          anonymised,
          actor: expert,
        });
      }
    }
  }
}, 120_000);

describe("every proposal page shape", () => {
  it("built every shape through the services that make it, with the source each records", async () => {
    expect(shapes).toHaveLength(sources.length * Object.keys(coverages).length * 2);
    for (const s of shapes) {
      const row = await db().proposal.findUniqueOrThrow({ where: { id: s.proposalId } });
      const source = s.label.split("/")[0];
      expect(row.source, s.label).toBe(source === "matched" ? "worker" : source);
      expect(row.status, s.label).toBe("approved");
    }
  });

  it("renders 200 for the expert before and after acceptance, the coalition's name only when not anonymised", async () => {
    for (const s of shapes) {
      const before = await send(`/proposals/${s.proposalId}`, { cookie: s.cookie });
      expect(before.status, `${s.label} before acceptance`).toBe(200);
      expect(before.body, s.label).toContain(s.offerTitle);
      if (s.anonymised) expect(before.body, s.label).not.toContain("NAMED-COALITION");
      const data = await send(`/proposals/${s.proposalId}.data`, { cookie: s.cookie });
      expect(data.status, `${s.label} .data`).toBe(200);

      await db().$transaction((tx) =>
        acceptProposal(tx, s.actor, s.proposalId, { conflictConfirmed: true, confidentialityAccepted: true }),
      );
      const after = await send(`/proposals/${s.proposalId}`, { cookie: s.cookie });
      expect(after.status, `${s.label} after acceptance`).toBe(200);
      expect(after.body, s.label).toContain("NEED ");
    }
  });
});
