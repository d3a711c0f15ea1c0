// Text on the boards goes through the search engineer's SearchIndex, with the policy's scope; filters
// and facets still apply, and rows are re-read through the policy.
import { describe, expect, it } from "vitest";
import type { Viewer } from "~/features/auth/policy";
import { loadNeedsBoard, parseNeedBoardParams } from "~/features/needs/services/needs-board.server";
import { loadOffersBoard, parseOfferBoardParams } from "~/features/offers/services/offers-board.server";
import { getSearchIndex } from "~/features/search/services/backend.server";
import { syncSearchEntity } from "~/features/search/services/indexing.server";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createNeed, createNetwork, createOffer } from "../support/factories";
import { createTestSession } from "../support/sessions";

describe("text search on the boards", () => {
  it("finds needs and offers by their words, never beyond what the viewer may see", async () => {
    const n = await createNetwork();
    const mk = (title: string, data: Record<string, unknown> = {}) =>
      createNeed({
        organisationId: n.coalition.id,
        createdById: n.coalitionUser.id,
        status: "open",
        title,
        ...data,
      });
    const a = await mk("Defensa jurídica ante la ley de agentes extranjeros", { categoryId: "legal" });
    const b = await mk("Campaña sobre la ley de agentes extranjeros", {
      categoryId: "advocacy",
      topicIds: [],
    });
    const hidden = await mk("Agentes extranjeros: estrategia reservada", { visibility: "secretariat" });
    await mk("Seguridad digital para periodistas", { categoryId: "digital_security", topicIds: [] });
    const offer = await createOffer({
      organisationId: n.expert.id,
      createdById: n.expertUser.id,
      title: "Litigio contra leyes de agentes extranjeros",
    });
    await createOffer({
      organisationId: n.expert.id,
      createdById: n.expertUser.id,
      title: "Auditorías de seguridad",
    });
    for (const need of await db().need.findMany({ select: { id: true } }))
      await syncSearchEntity(db(), getSearchIndex(), "need", need.id);
    for (const o of await db().offer.findMany({ select: { id: true } }))
      await syncSearchEntity(db(), getSearchIndex(), "offer", o.id);

    const viewer: Viewer = {
      userId: n.expertUser.id,
      twoFactorVerified: false,
      memberships: [{ organisationId: n.expert.id, kind: "EXPERT", vettingLevel: "trusted", role: "member" }],
    };
    const found = await loadNeedsBoard(
      viewer,
      parseNeedBoardParams(new URL("http://x/needs?q=agentes+extranjeros")),
    );
    expect(found.items.map((i) => i.id).sort()).toEqual([a.id, b.id].sort());
    expect(found.items.map((i) => i.id)).not.toContain(hidden.id);
    expect(found.facets.category).toEqual({ legal: 1, advocacy: 1 });
    const narrowed = await loadNeedsBoard(
      viewer,
      parseNeedBoardParams(new URL("http://x/needs?q=agentes&category=advocacy")),
    );
    expect(narrowed.items.map((i) => i.id)).toEqual([b.id]);
    // Each card shows where the words matched; without text there is nothing to mark.
    expect(narrowed.items[0]!.highlight?.titleHtml).toBe(
      "Campaña sobre la ley de <mark>agentes</mark> extranjeros",
    );
    const plain = await loadNeedsBoard(viewer, parseNeedBoardParams(new URL("http://x/needs")));
    expect(plain.items.every((i) => i.highlight === null)).toBe(true);

    const offers = await loadOffersBoard(viewer, parseOfferBoardParams(new URL("http://x/offers?q=agentes")));
    expect(offers.items.map((i) => i.id)).toEqual([offer.id]);
    expect(offers.items[0]!.highlight?.titleHtml).toBe(
      "Litigio contra leyes de <mark>agentes</mark> extranjeros",
    );
  });

  it("shows the marks on the page, with the text escaped", async () => {
    const n = await createNetwork();
    const need = await createNeed({
      organisationId: n.coalition.id,
      createdById: n.coalitionUser.id,
      status: "open",
      title: "Protección <b>digital</b> de periodistas",
    });
    await syncSearchEntity(db(), getSearchIndex(), "need", need.id);
    const { cookie } = await createTestSession(n.expertUser.id);
    const page = await send("/needs?q=periodistas", { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Protección &lt;b&gt;digital&lt;/b&gt; de <mark>periodistas</mark>");
    expect(page.body).not.toContain("<b>digital</b>");
  });
});
