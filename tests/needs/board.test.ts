import { describe, expect, it } from "vitest";
import { visibleNeedsWhere, type Viewer } from "~/features/auth/policy";
import {
  loadNeedsBoard,
  parseNeedBoardParams,
  visibleBoardIds,
  visibleNeedsSql,
} from "~/features/needs/services/needs-board.server";
import type { NeedStatus } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import {
  createNeed,
  createNetwork,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";

const statuses: NeedStatus[] = [
  "draft",
  "submitted",
  "needs_info",
  "open",
  "declined",
  "matching",
  "engaged",
  "completed",
  "closed_unmet",
  "withdrawn",
];

function viewerOf(
  userId: string,
  memberships: Array<{
    id: string;
    kind: "COALITION" | "EXPERT" | "SECRETARIAT";
    vettingLevel: "unverified" | "verified" | "trusted";
  }>,
  twoFactorVerified = true,
): Viewer {
  return {
    userId,
    twoFactorVerified,
    memberships: memberships.map((m) => ({
      organisationId: m.id,
      kind: m.kind,
      vettingLevel: m.vettingLevel,
      role: "member" as const,
    })),
  };
}

const params = (query = "") => parseNeedBoardParams(new URL(`http://x/needs?${query}`));

async function world() {
  const n = await createNetwork();
  const otherCoalition = await createOrganisation({ kind: "COALITION", countryCode: "KE" });
  const unverified = await createOrganisation({ kind: "EXPERT", vettingLevel: "unverified" });
  const other = await createUser({}, { organisationId: otherCoalition.id });
  const offer = await createOffer({ organisationId: n.expert.id, createdById: n.expertUser.id });
  const needs = [];
  for (const status of statuses) {
    for (const visibility of ["network", "secretariat"] as const) {
      needs.push(
        await createNeed({ organisationId: otherCoalition.id, createdById: other.id, status, visibility }),
      );
    }
  }
  // A secretariat-only need the expert may see through an approved proposal.
  const approved = await createNeed({
    organisationId: otherCoalition.id,
    createdById: other.id,
    status: "matching",
    visibility: "secretariat",
    anonymised: true,
  });
  await createProposal({
    needId: approved.id,
    offerId: offer.id,
    expertOrganisationId: n.expert.id,
    status: "approved",
  });
  const own = await createNeed({
    organisationId: n.coalition.id,
    createdById: n.coalitionUser.id,
    status: "draft",
  });
  const viewers: Record<string, Viewer> = {
    visitor: null,
    secretariat: viewerOf(n.secretariatUser.id, [
      { id: n.secretariat.id, kind: "SECRETARIAT", vettingLevel: "verified" },
    ]),
    secretariatNo2fa: viewerOf(
      n.secretariatUser.id,
      [{ id: n.secretariat.id, kind: "SECRETARIAT", vettingLevel: "verified" }],
      false,
    ),
    coalition: viewerOf(n.coalitionUser.id, [
      { id: n.coalition.id, kind: "COALITION", vettingLevel: "verified" },
    ]),
    expert: viewerOf(n.expertUser.id, [{ id: n.expert.id, kind: "EXPERT", vettingLevel: "trusted" }]),
    unverified: viewerOf(n.expertUser.id, [
      { id: unverified.id, kind: "EXPERT", vettingLevel: "unverified" },
    ]),
  };
  return { ...n, otherCoalition, needs, approved, own, viewers };
}

describe("needs board", () => {
  it("counts exactly the needs the policy lets each viewer list", async () => {
    const w = await world();
    for (const [name, viewer] of Object.entries(w.viewers)) {
      const policy = await db().need.findMany({ where: visibleNeedsWhere(viewer), select: { id: true } });
      const viaSql = await db().$queryRaw<
        Array<{ id: string }>
      >`SELECT n.id FROM "Need" n WHERE ${visibleNeedsSql(viewer)}`;
      expect(viaSql.map((r) => r.id).sort(), name).toEqual(policy.map((r) => r.id).sort());
      expect((await visibleBoardIds(viewer)).sort(), name).toEqual(policy.map((r) => r.id).sort());
    }
  });

  it("lists per role what the trust layer allows, anonymised as a coalition in its country", async () => {
    const w = await world();
    const board = async (name: string, query = "", mine = false) =>
      loadNeedsBoard(w.viewers[name], params(query), { mine });
    expect((await board("visitor")).total).toBe(0);
    expect((await board("unverified")).total).toBe(0);

    const expert = await board("expert", "status=matching");
    const ids = expert.items.map((i) => i.id);
    expect(ids).toContain(w.approved.id);
    const shown = expert.items.find((i) => i.id === w.approved.id)!;
    expect(shown.coalitionName).toBeNull();
    expect(shown.organisationId).toBeNull();
    expect(JSON.stringify(expert)).not.toContain("Confidential");
    const secretariatOnly = w.needs.filter((x) => x.visibility === "secretariat").map((x) => x.id);
    expect(ids.filter((id) => secretariatOnly.includes(id))).toEqual([]);

    const coalition = await board("coalition");
    expect(coalition.items.map((i) => i.id)).not.toContain(w.own.id); // drafts are under "My needs"
    const mine = await board("coalition", "", true);
    expect(mine.items.map((i) => i.id)).toEqual([w.own.id]);
    expect(mine.items[0].owner).toBe(true);

    const secretariat = await board("secretariat", "status=submitted");
    const theirs = secretariat.items.filter((i) => w.needs.some((x) => x.id === i.id));
    expect(theirs).toHaveLength(2); // network and secretariat visibility alike
    expect(theirs.every((i) => i.coalitionName === w.otherCoalition.name)).toBe(true);
    // Without a two-factor session, a secretariat member is nobody special.
    expect((await board("secretariatNo2fa", "status=submitted")).total).toBe(0);
  });

  it("filters, counts facets with every other filter, sorts and paginates", async () => {
    const n = await createNetwork();
    const mk = (data: Parameters<typeof createNeed>[0] extends infer T ? Partial<T> : never) =>
      createNeed({
        organisationId: n.coalition.id,
        createdById: n.coalitionUser.id,
        status: "open",
        ...data,
      });
    await mk({
      categoryId: "legal",
      topicIds: ["legal.registration", "legal.assembly"],
      countryCode: "MX",
      languages: ["es"],
      urgency: "high",
    });
    await mk({
      categoryId: "legal",
      topicIds: ["legal.assembly"],
      countryCode: "KE",
      languages: ["en", "sw"],
      urgency: "normal",
    });
    await mk({
      categoryId: "digital_security",
      topicIds: ["digital_security.training"],
      countryCode: "MX",
      languages: ["es", "en"],
      urgency: "critical",
    });
    await mk({
      categoryId: "advocacy",
      topicIds: [],
      countryCode: "FR",
      languages: ["fr"],
      urgency: "low",
      openedAt: new Date(Date.now() - 60 * 86_400_000),
    });
    const viewer = viewerOf(n.coalitionUser.id, [
      { id: n.coalition.id, kind: "COALITION", vettingLevel: "verified" },
    ]);

    const all = await loadNeedsBoard(viewer, params(), { mine: true });
    expect(all.total).toBe(4);
    expect(all.facets.category).toEqual({ legal: 2, digital_security: 1, advocacy: 1 });
    expect(all.facets.region).toEqual({
      latin_america_caribbean: 2,
      sub_saharan_africa: 1,
      europe_central_asia: 1,
    });
    expect(all.facets.posted).toMatchObject({ "7": 3, "30": 3, "90": 4, "365": 4 });

    const legal = await loadNeedsBoard(viewer, params("category=legal"), { mine: true });
    expect(legal.total).toBe(2);
    // The category facet still counts every category (its own filter left out); the others are narrowed.
    expect(legal.facets.category).toEqual({ legal: 2, digital_security: 1, advocacy: 1 });
    expect(legal.facets.topic).toEqual({ "legal.registration": 1, "legal.assembly": 2 });
    expect(legal.facets.country).toEqual({ MX: 1, KE: 1 });
    expect(legal.facets.language).toEqual({ es: 1, en: 1, sw: 1 });

    const combined = await loadNeedsBoard(viewer, params("country=MX&language=es&sort=urgency"), {
      mine: true,
    });
    expect(combined.items.map((i) => i.urgency)).toEqual(["critical", "high"]);
    expect(
      (await loadNeedsBoard(viewer, params("region=sub_saharan_africa"), { mine: true })).items.map(
        (i) => i.countryCode,
      ),
    ).toEqual(["KE"]);
    expect((await loadNeedsBoard(viewer, params("posted=30"), { mine: true })).total).toBe(3);
    expect(
      (await loadNeedsBoard(viewer, params("topic=legal.assembly&urgency=normal"), { mine: true })).total,
    ).toBe(1);
    expect((await loadNeedsBoard(viewer, params("sort=oldest"), { mine: true })).items[0].countryCode).toBe(
      "FR",
    );

    // Malformed parameters are ignored, not errors.
    const junk = await loadNeedsBoard(
      viewer,
      params("urgency=extreme&page=-3&sort=drop%20table&country=Atlantis"),
      { mine: true },
    );
    expect(junk.total).toBe(4);
    expect(junk.page).toBe(1);
    // A country's name in the reader's languages is a country filter (issue 21), accents and case aside.
    expect((await loadNeedsBoard(viewer, params("country=mexico"), { mine: true })).total).toBe(2);
    expect((await loadNeedsBoard(viewer, params("country=M%C3%A9xico"), { mine: true })).total).toBe(2);

    for (let i = 0; i < 21; i++) await mk({ title: `Bulk ${i}` });
    const page1 = await loadNeedsBoard(viewer, params(), { mine: true });
    const page2 = await loadNeedsBoard(viewer, params("page=2"), { mine: true });
    expect(page1.items).toHaveLength(20);
    expect(page2.items).toHaveLength(5);
    expect(page1.pages).toBe(2);
    expect(new Set([...page1.items, ...page2.items].map((i) => i.id)).size).toBe(25);
  });

  it("shows a change on the very next request: the board keeps no copy of the needs", async () => {
    const n = await createNetwork();
    const expert = viewerOf(n.expertUser.id, [{ id: n.expert.id, kind: "EXPERT", vettingLevel: "trusted" }]);
    const before = await loadNeedsBoard(expert, params("category=advocacy"));
    await createNeed({
      organisationId: n.coalition.id,
      createdById: n.coalitionUser.id,
      status: "open",
      categoryId: "advocacy",
      topicIds: [],
    });
    expect((await loadNeedsBoard(expert, params("category=advocacy"))).total).toBe(before.total + 1);
    const coalition = viewerOf(n.coalitionUser.id, [
      { id: n.coalition.id, kind: "COALITION", vettingLevel: "verified" },
    ]);
    const mine = await loadNeedsBoard(coalition, params(), { mine: true });
    await createNeed({ organisationId: n.coalition.id, createdById: n.coalitionUser.id, status: "draft" });
    expect((await loadNeedsBoard(coalition, params(), { mine: true })).total).toBe(mine.total + 1);
  });

  it("shows a card's first 280 characters of a long summary, then an ellipsis, and a short one whole", async () => {
    const n = await createNetwork();
    const expert = viewerOf(n.expertUser.id, [{ id: n.expert.id, kind: "EXPERT", vettingLevel: "trusted" }]);
    const long = "Ñandú é ".repeat(50); // 400 characters, accents included (characters, not bytes)
    const needs = [
      await createNeed({
        organisationId: n.coalition.id,
        createdById: n.coalitionUser.id,
        status: "open",
        summary: long,
      }),
      await createNeed({
        organisationId: n.coalition.id,
        createdById: n.coalitionUser.id,
        status: "open",
        summary: "Short.",
      }),
    ];
    const board = await loadNeedsBoard(expert, params());
    const summaryOf = (id: string) => board.items.find((i) => i.id === id)?.summary;
    expect(summaryOf(needs[0].id)).toBe(`${long.slice(0, 280)}…`);
    expect(summaryOf(needs[1].id)).toBe("Short.");
  });
});
