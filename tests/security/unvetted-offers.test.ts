// Issue 15 (probe, medium): an unvetted organisation's offers are not published to the network. Only
// offers of verified or trusted organisations reach other organisations — boards, offer pages, country
// pages, search (PostgreSQL documents and the Meilisearch filter), digests and matching — while the owner
// and the secretariat still see them, marked "awaiting verification". One rule: policy.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { searchScope, visibleOffersWhere, type Viewer } from "~/features/auth/policy";
import { loadCandidates } from "~/features/digest/services/audience.server";
import { runMatchForNeeds } from "~/features/matching/services/matching.server";
import { vetOrganisation } from "~/features/organisations/services/organisations.server";
import { proposeManually } from "~/features/review/services/review.server";
import { getSearchIndex } from "~/features/search/index.server";
import { syncSearchEntity } from "~/features/search/services/indexing.server";
import { scopeFilter } from "~/features/search/services/meili-search-index.server";
import { loadSearchScope } from "~/features/search/services/scope.server";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createNeed, createNetwork, createOffer, createOrganisation, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

let w: Awaited<ReturnType<typeof setup>>;
const TITLE = "Zyxwvut unvetted strategic litigation clinic";
const AWAITING = "Awaiting verification";

async function setup() {
  const n = await createNetwork();
  const unvetted = await createOrganisation({
    kind: "EXPERT",
    vettingLevel: "unverified",
    vettedAt: null,
    coverageCountries: ["MX"],
    name: "Unvetted Expert Org",
  });
  const unvettedUser = await createUser({}, { organisationId: unvetted.id, role: "admin" });
  const offer = await createOffer({
    organisationId: unvetted.id,
    createdById: unvettedUser.id,
    title: TITLE,
    coverageRegions: [],
    coverageCountries: ["MX"], // covers the need's country directly
    publishedAt: new Date(),
  });
  const vettedOffer = await createOffer({ organisationId: n.expert.id, createdById: n.expertUser.id });
  await enableTotpFor(n.secretariatUser.id);
  const cookies = {
    coalition: (await createTestSession(n.coalitionUser.id)).cookie,
    expert: (await createTestSession(n.expertUser.id)).cookie,
    owner: (await createTestSession(unvettedUser.id)).cookie,
    secretariat: (await createTestSession(n.secretariatUser.id, { twoFactorVerified: true })).cookie,
  };
  for (const id of [offer.id, vettedOffer.id]) await syncSearchEntity(db(), getSearchIndex(), "offer", id);
  const viewer = (userId: string, organisationId: string, kind: "COALITION" | "EXPERT"): Viewer => ({
    userId,
    twoFactorVerified: false,
    memberships: [{ organisationId, kind, vettingLevel: "verified", role: "admin" }],
  });
  return {
    ...n,
    unvetted,
    unvettedUser,
    offer,
    vettedOffer,
    cookies,
    coalitionViewer: viewer(n.coalitionUser.id, n.coalition.id, "COALITION"),
  };
}

beforeAll(async () => {
  w = await setup();
});

describe("an unvetted organisation's offers", () => {
  it("are not on other members' boards, offer pages or country pages", async () => {
    for (const cookie of [w.cookies.coalition, w.cookies.expert]) {
      const board = await send("/offers", { cookie });
      expect(board.status).toBe(200);
      expect(board.body).not.toContain(TITLE);
      expect(board.body).toContain(w.vettedOffer.title);
      expect((await send(`/offers/${w.offer.id}`, { cookie })).status).toBe(404);
      const country = await send("/countries/MX", { cookie });
      expect(country.status).toBe(200);
      expect(country.body).not.toContain(TITLE);
    }
    // Searching the board by its words finds nothing either.
    const searched = await send(`/offers?q=${encodeURIComponent("zyxwvut")}`, {
      cookie: w.cookies.coalition,
    });
    expect(searched.body).not.toContain(TITLE);
  });

  it("are seen by the owner and the secretariat, marked awaiting verification", async () => {
    const mine = await send("/offers/mine", { cookie: w.cookies.owner });
    expect(mine.body).toContain(TITLE);
    expect(mine.body).toContain(AWAITING);
    for (const cookie of [w.cookies.owner, w.cookies.secretariat]) {
      const page = await send(`/offers/${w.offer.id}`, { cookie });
      expect(page.status).toBe(200);
      expect(page.body).toContain(AWAITING);
    }
    const board = await send("/offers", { cookie: w.cookies.secretariat });
    expect(board.body).toContain(TITLE);
    expect(board.body).toContain(AWAITING);
    // Vetted organisations' offers show their level too.
    expect((await send(`/offers/${w.vettedOffer.id}`, { cookie: w.cookies.coalition })).body).toContain(
      "Trusted organisation",
    );
  });

  it("are not found by search (PostgreSQL documents) and the Meilisearch filter requires publication", async () => {
    const index = getSearchIndex();
    const forCoalition = await index.matchingIds(
      { text: "zyxwvut", entityType: "offer" },
      await loadSearchScope(w.coalitionViewer),
    );
    expect(forCoalition).toEqual([]);
    const forSecretariat = await index.matchingIds({ text: "zyxwvut", entityType: "offer" }, { kind: "all" });
    expect(forSecretariat).toEqual([w.offer.id]);
    const doc = await db().searchDocument.findUniqueOrThrow({ where: { id: `offer:${w.offer.id}` } });
    expect(doc.visibility).toBe("organisation");
    expect(scopeFilter(searchScope(w.coalitionViewer))).toContain(
      '(entityType = "offer" AND visibility = "network"',
    );
  });

  it("are not announced in digests and not matched, and cannot be proposed by hand", async () => {
    const start = new Date(Date.now() - 86_400_000);
    const { offers } = await loadCandidates(db(), `test-${Date.now()}`, start, new Date(Date.now() + 60_000));
    expect(offers.map((o) => o.id)).not.toContain(w.offer.id);
    expect(offers.map((o) => o.id)).toContain(w.vettedOffer.id);

    const need = await createNeed({ organisationId: w.coalition.id, createdById: w.coalitionUser.id });
    await runMatchForNeeds(db(), "need_changed", [need.id]);
    const proposed = await db().proposal.findMany({ where: { needId: need.id }, select: { offerId: true } });
    expect(proposed.map((p) => p.offerId)).not.toContain(w.offer.id);

    const actor = {
      viewer: {
        userId: w.secretariatUser.id,
        twoFactorVerified: true,
        memberships: [
          {
            organisationId: w.secretariat.id,
            kind: "SECRETARIAT" as const,
            vettingLevel: "verified" as const,
            role: "admin" as const,
          },
        ],
      },
      ip: null,
    };
    await expect(
      db().$transaction((tx) => proposeManually(tx, actor, { needId: need.id, offerId: w.offer.id })),
    ).rejects.toMatchObject({ code: "expertUnverified", status: 409 });
    expect(await db().proposal.count({ where: { needId: need.id, offerId: w.offer.id } })).toBe(0);
    // Through the page: a 409 with the message, nothing written.
    const res = await send("/secretariat/review", {
      cookie: w.cookies.secretariat,
      form: { intent: "propose", needId: need.id, offerId: w.offer.id },
    });
    expect(res.status).toBe(409);
    expect(res.body).toContain("awaiting verification");
  });

  it("reach the network once the secretariat vets the organisation (search re-indexed)", async () => {
    await db().$transaction((tx) =>
      vetOrganisation(tx, {
        actorId: w.secretariatUser.id,
        organisationId: w.unvetted.id,
        level: "verified",
        ip: null,
      }),
    );
    const queued = await db().outboxEvent.findMany({ where: { name: "search.index" } });
    expect(queued.some((e) => (e.payload as { entityId?: string }).entityId === w.offer.id)).toBe(true);
    await syncSearchEntity(db(), getSearchIndex(), "offer", w.offer.id);
    expect(
      await getSearchIndex().matchingIds(
        { text: "zyxwvut", entityType: "offer" },
        await loadSearchScope({ ...w.coalitionViewer! }),
      ),
    ).toEqual([w.offer.id]);
    const visible = await db().offer.findMany({
      where: visibleOffersWhere(w.coalitionViewer),
      select: { id: true },
    });
    expect(visible.map((o) => o.id)).toContain(w.offer.id);
    const board = await send("/offers", { cookie: w.cookies.coalition });
    expect(board.body).toContain(TITLE);
    expect(board.body).toContain("Verified organisation");
  });
});
