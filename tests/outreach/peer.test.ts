// Coalitions helping coalitions (issue 17): a coalition publishes a peer offer through the same form as an
// expert organisation; it is labelled as such on the board and in the review queue, requested and matched
// like any offer, its proposals reach the coalition's /proposals, and the gap map counts it as peer support.
import { beforeAll, describe, expect, it } from "vitest";
import { gapMap } from "~/features/insight/services/insight.server";
import { runMatchForNeeds } from "~/features/matching/services/matching.server";
import { approveProposal } from "~/features/review/services/review.server";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createNeed, createNetwork, createOrganisation, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";
import { viewerOf } from "../review/helpers";

const peerOffer = {
  title: "Our playbook against the foreign-agent law",
  description: "We fought a foreign-agent law for two years; we share our strategy, materials and contacts.",
  contentLanguage: "es",
  categoryIds: ["legal"],
  topicIds: ["legal.foreign_funding"],
  coverageRegions: ["latin_america_caribbean"],
  languages: ["es"],
  hoursPerMonth: "8",
  maxConcurrent: "3",
  availableFrom: "2026-01-01",
  format: "remote",
  responseTimeDays: "5",
  terms: "pro_bono",
  peerKinds: ["experience", "strategy", "exchange_visit"],
};

let net: Awaited<ReturnType<typeof createNetwork>>;
let peer: { id: string };
let peerUser: { id: string };
const cookies = { coalition: "", peer: "", secretariat: "" };

beforeAll(async () => {
  net = await createNetwork();
  peer = await createOrganisation({ kind: "COALITION", countryCode: "GT", name: "Guatemalan coalition" });
  peerUser = await createUser({}, { organisationId: peer.id, role: "admin" });
  await enableTotpFor(net.secretariatUser.id);
  cookies.coalition = (await createTestSession(net.coalitionUser.id)).cookie;
  cookies.peer = (await createTestSession(peerUser.id)).cookie;
  cookies.secretariat = (await createTestSession(net.secretariatUser.id, { twoFactorVerified: true })).cookie;
});

describe("peer offers", () => {
  it("are published by a coalition, labelled, requested, matched, shown to their coalition and counted as peer support", async () => {
    const published = await send("/offers/new", {
      cookie: cookies.peer,
      form: { ...peerOffer, intent: "activate" },
    });
    expect(published.status).toBe(302);
    const offerId = published.location!.match(/\/offers\/([^?]+)/)![1]!;
    expect(await db().offer.findUniqueOrThrow({ where: { id: offerId } })).toMatchObject({
      organisationId: peer.id,
      status: "active",
      peerKinds: ["experience", "strategy", "exchange_visit"],
    });

    const board = await send("/offers", { cookie: cookies.coalition });
    expect(board.body).toContain("Our playbook against the foreign-agent law");
    expect(board.body).toContain("peer offer from a coalition");
    expect(board.body).toContain("(experience, strategy, an exchange visit)");

    // Asked for by another coalition: into the review queue, labelled.
    const need = await createNeed({
      organisationId: net.coalition.id,
      createdById: net.coalitionUser.id,
      title: "Foreign-agent bill in the Senate",
      topicIds: ["legal.foreign_funding"],
    });
    // The peer coalition's "We can help" page names it as a peer offer, with what it shares.
    const help = await send(`/needs/${need.id}/help`, { cookie: cookies.peer });
    expect(help.status).toBe(200);
    expect(help.body).toContain("peer offer from a coalition");
    expect(help.body).toContain("(experience, strategy, an exchange visit)");

    const asked = await send(`/offers/${offerId}/ask`, {
      cookie: cookies.coalition,
      form: { intent: "request", needId: need.id },
    });
    expect(asked.status).toBe(302);
    const queue = await send("/secretariat/review", { cookie: cookies.secretariat });
    expect(queue.body).toContain("Foreign-agent bill in the Senate");
    expect(queue.body).toContain("peer offer from a coalition");

    // Matched like any offer.
    const other = await createNeed({
      organisationId: net.coalition.id,
      createdById: net.coalitionUser.id,
      topicIds: ["legal.foreign_funding"],
    });
    await runMatchForNeeds(db(), "manual", [other.id]);
    const matched = await db().proposal.findUnique({
      where: { needId_offerId: { needId: other.id, offerId } },
    });
    expect(matched).toMatchObject({ source: "worker", expertOrganisationId: peer.id });

    // Approved: the peer coalition sees it among its proposals.
    const requested = await db().proposal.findUniqueOrThrow({
      where: { needId_offerId: { needId: need.id, offerId } },
    });
    await db().$transaction((tx) =>
      approveProposal(
        tx,
        { viewer: viewerOf(net.secretariatUser.id, [{ id: net.secretariat.id, kind: "SECRETARIAT" }]) },
        requested.id,
      ),
    );
    const list = await send("/proposals", { cookie: cookies.peer });
    expect(list.status).toBe(200);
    expect(list.body).toContain(`/proposals/${requested.id}`);
    expect((await send(`/proposals/${requested.id}`, { cookie: cookies.peer })).status).toBe(200);

    // The gap map counts it as peer support where it covers.
    const cell = (await gapMap(db(), {})).find((c) => c.countryCode === "MX" && c.categoryId === "legal");
    expect(cell?.peerOffers).toBe(1);
    expect(cell?.coveringOffers).toBeGreaterThanOrEqual(1);
  });
});

describe("peer offer kinds", () => {
  it("are asked of coalitions only: the form shows them to a coalition, and an expert's offer drops them", async () => {
    const coalitionForm = await send("/offers/new", { cookie: cookies.peer });
    expect(coalitionForm.body).toContain("What we share");
    const expertCookie = (await createTestSession(net.expertUser.id)).cookie;
    const expertForm = await send("/offers/new", { cookie: expertCookie });
    expect(expertForm.status).toBe(200);
    expect(expertForm.body).not.toContain("What we share");
    const posted = await send("/offers/new", {
      cookie: expertCookie,
      form: { ...peerOffer, title: "Expert legal review", intent: "activate" },
    });
    expect(posted.status).toBe(302);
    const id = posted.location!.match(/\/offers\/([^?]+)/)![1]!;
    expect((await db().offer.findUniqueOrThrow({ where: { id } })).peerKinds).toEqual([]);
  });
});
