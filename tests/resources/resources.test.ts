// The learning exchange (issue 23) against the real database and search index: who sees which resource
// (the policy, its SQL twin in the library, the search scope), search across the three languages (a French
// query finds a Spanish guide), links from needs, and the form's action.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  engagementDocumentAccess,
  needAccess,
  resourceAccess,
  searchScope,
  visibleResourcesWhere,
  type Viewer,
  type ViewerMembership,
} from "~/features/auth/policy";
import { parseResourceBoardParams } from "~/features/resources/board-params";
import { loadResourcesBoard, visibleResourceIds } from "~/features/resources/services/board.server";
import { linkResource, linksOfResource, resourcesLinkedTo } from "~/features/resources/services/links.server";
import { getSearchIndex } from "~/features/search/index.server";
import { callAccess } from "~/features/coordination/policy";
import { expertRelations } from "~/features/needs/index.server";
import { syncSearchEntity } from "~/features/search/services/indexing.server";
import { db } from "~/utils/db.server";
import { closeSqlPools } from "~/utils/sql.server";
import { send } from "../support/app";
import {
  createEngagement,
  createNeed,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

afterAll(() => closeSqlPools());

type Orgs = Record<"secretariat" | "coalition" | "coalitionFr" | "expert" | "trusted" | "unverified", string>;
let orgs: Orgs;
const users: Record<string, string> = {};
const r: Record<string, string> = {};

function member(
  userId: string,
  organisationId: string,
  kind: ViewerMembership["kind"],
  vettingLevel: ViewerMembership["vettingLevel"],
  twoFactorVerified = false,
): NonNullable<Viewer> {
  return { userId, twoFactorVerified, memberships: [{ organisationId, kind, vettingLevel, role: "admin" }] };
}

let viewers: Record<string, Viewer>;

beforeAll(async () => {
  const mk = async (key: keyof Orgs, data: Parameters<typeof createOrganisation>[0]) => {
    const org = await createOrganisation(data);
    const user = await createUser(
      { locale: key === "coalitionFr" ? "fr" : "en" },
      { organisationId: org.id, role: "admin" },
    );
    users[key] = user.id;
    return org.id;
  };
  orgs = {
    secretariat: await mk("secretariat", { kind: "SECRETARIAT", countryCode: null }),
    coalition: await mk("coalition", { kind: "COALITION", countryCode: "MX" }),
    coalitionFr: await mk("coalitionFr", { kind: "COALITION", countryCode: "SN", languages: ["fr"] }),
    expert: await mk("expert", { kind: "EXPERT", vettingLevel: "verified" }),
    trusted: await mk("trusted", { kind: "EXPERT", vettingLevel: "trusted" }),
    unverified: await mk("unverified", {
      kind: "COALITION",
      countryCode: "HN",
      vettingLevel: "unverified",
      vettedAt: null,
    }),
  };
  const resource = async (
    key: string,
    organisationId: string,
    data: Partial<{
      visibility: "public" | "network" | "trusted" | "secretariat";
      status: "draft" | "published" | "archived";
      title: string;
      summary: string;
      contentLanguage: string;
      topicIds: string[];
      categoryIds: string[];
      countryCodes: string[];
    }> = {},
  ) => {
    const row = await db().resource.create({
      data: {
        organisationId,
        createdById: users[Object.entries(orgs).find(([, id]) => id === organisationId)![0]]!,
        kind: "guide",
        title: `Resource ${key}`,
        summary: `About ${key}`,
        contentLanguage: "en",
        languages: ["en"],
        categoryIds: ["legal"],
        topicIds: ["legal.registration"],
        countryCodes: [],
        visibility: "network",
        status: "published",
        publishedAt: new Date(),
        ...data,
      },
    });
    r[key] = row.id;
    await syncSearchEntity(db(), getSearchIndex(), "resource", row.id);
  };
  await resource("public", orgs.expert, { visibility: "public" });
  await resource("network", orgs.expert, { visibility: "network" });
  await resource("trusted", orgs.expert, { visibility: "trusted" });
  await resource("secretariat", orgs.expert, { visibility: "secretariat" });
  await resource("draft", orgs.expert, { visibility: "public", status: "draft" });
  await resource("archived", orgs.expert, { visibility: "public", status: "archived" });
  await resource("unvetted", orgs.unverified, { visibility: "public" });
  await resource("guiaEs", orgs.trusted, {
    visibility: "network",
    title: "Guía para defender a las OSC frente al financiamiento extranjero",
    summary:
      "Cómo responder a un proyecto de ley que restringe los fondos extranjeros de las organizaciones.",
    contentLanguage: "es",
    topicIds: ["legal.foreign_funding"],
    countryCodes: ["MX"],
  });
  await resource("digitalEn", orgs.trusted, {
    visibility: "public",
    title: "Incident response plan template",
    summary: "A plan to fill in with your team before something happens.",
    categoryIds: ["digital_security"],
    topicIds: ["digital_security.incident_forensics"],
  });
  await enableTotpFor(users.secretariat!);
  viewers = {
    visitor: null,
    unverified: member(users.unverified!, orgs.unverified, "COALITION", "unverified"),
    coalition: member(users.coalition!, orgs.coalition, "COALITION", "verified"),
    coalitionFr: member(users.coalitionFr!, orgs.coalitionFr, "COALITION", "verified"),
    publisher: member(users.expert!, orgs.expert, "EXPERT", "verified"),
    trusted: member(users.trusted!, orgs.trusted, "EXPERT", "trusted"),
    secretariat: member(users.secretariat!, orgs.secretariat, "SECRETARIAT", "verified", true),
    secretariatNo2fa: member(users.secretariat!, orgs.secretariat, "SECRETARIAT", "verified", false),
  };
});

const names = (ids: string[]) =>
  Object.entries(r)
    .filter(([, id]) => ids.includes(id))
    .map(([k]) => k)
    .sort();

/** What each reader may see: the four levels, drafts, archived resources and the vetting rule. */
const expected: Record<string, string[]> = {
  visitor: ["digitalEn", "public"],
  unverified: ["digitalEn", "public", "unvetted"],
  coalition: ["digitalEn", "guiaEs", "network", "public"],
  coalitionFr: ["digitalEn", "guiaEs", "network", "public"],
  publisher: ["archived", "digitalEn", "draft", "guiaEs", "network", "public", "secretariat", "trusted"],
  trusted: ["digitalEn", "guiaEs", "network", "public", "trusted"],
  secretariat: ["archived", "digitalEn", "guiaEs", "network", "public", "secretariat", "trusted", "unvetted"],
  // Without the second factor the secretariat's member is a verified member like any other.
  secretariatNo2fa: ["digitalEn", "guiaEs", "network", "public"],
};

describe("resource visibility across roles", () => {
  it("resourceAccess, the Prisma filter and the library's SQL agree, role by role", async () => {
    const rows = await db().resource.findMany({
      where: { id: { in: Object.values(r) } },
      include: { organisation: { select: { vettingLevel: true } } },
    });
    for (const [role, viewer] of Object.entries(viewers)) {
      const byPolicy = rows
        .filter(
          (row) => resourceAccess(viewer, { ...row, vettingLevel: row.organisation.vettingLevel }) !== "none",
        )
        .map((row) => row.id);
      const byWhere = (
        await db().resource.findMany({
          where: { AND: [visibleResourcesWhere(viewer), { id: { in: Object.values(r) } }] },
          select: { id: true },
        })
      ).map((x) => x.id);
      const bySql = (await visibleResourceIds(viewer)).filter((id) => Object.values(r).includes(id));
      expect(names(byPolicy), `${role}: policy`).toEqual(expected[role]);
      expect(names(byWhere), `${role}: Prisma filter`).toEqual(expected[role]);
      expect(names(bySql), `${role}: library SQL`).toEqual(expected[role]);
    }
  });

  it("search never returns a resource its reader may not see (drafts are not even indexed)", async () => {
    const docs = await db().searchDocument.findMany({ where: { entityType: "resource" } });
    expect(docs.map((d) => d.entityId)).not.toContain(r.draft);
    for (const [role, viewer] of Object.entries(viewers)) {
      const ids = await getSearchIndex().matchingIds({ entityType: "resource" }, searchScope(viewer));
      // Drafts are never indexed; the rest as the policy says (the publisher finds its own archived ones).
      expect(names(ids), role).toEqual(expected[role]!.filter((k) => k !== "draft"));
    }
  });

  it("the library lists what the reader may see, for visitors too", async () => {
    const list = async (viewer: Viewer, query = "") =>
      names(
        (
          await loadResourcesBoard(viewer, parseResourceBoardParams(new URL(`http://x/resources${query}`)))
        ).items.map((i) => i.id),
      );
    expect(await list(null)).toEqual(["digitalEn", "public"]);
    expect(await list(viewers.trusted!)).toEqual(["digitalEn", "guiaEs", "network", "public", "trusted"]);
    // Filters: category, topic, country, language.
    expect(await list(viewers.trusted!, "?category=digital_security")).toEqual(["digitalEn"]);
    expect(await list(viewers.trusted!, "?topic=legal.foreign_funding")).toEqual(["guiaEs"]);
    expect(await list(viewers.trusted!, "?country=MX")).toEqual(["guiaEs"]);
    expect(await list(viewers.trusted!, "?language=es")).toEqual(["guiaEs"]);
  });
});

describe("search across the three languages", () => {
  it("a French query finds the Spanish guide, for the readers allowed to see it", async () => {
    const board = async (viewer: Viewer, q: string) =>
      names(
        (
          await loadResourcesBoard(
            viewer,
            parseResourceBoardParams(new URL(`http://x/resources?q=${encodeURIComponent(q)}`)),
          )
        ).items.map((i) => i.id),
      );
    expect(await board(viewers.coalitionFr!, "financement étranger")).toEqual(["guiaEs"]);
    expect(await board(viewers.coalitionFr!, "financement etranger")).toEqual(["guiaEs"]);
    expect(await board(viewers.coalitionFr!, "foreign funding")).toEqual(["guiaEs"]);
    // The guide is for the network: a visitor searching the same words finds nothing.
    expect(await board(null, "financement étranger")).toEqual([]);
    // The SearchIndex itself, in the reader's scope, with the matched words marked.
    const result = await getSearchIndex().query(
      { text: "financement étranger", entityType: "resource" },
      searchScope(viewers.coalitionFr!),
    );
    expect(result.hits.map((h) => h.entityId)).toEqual([r.guiaEs]);
    expect(result.hits[0]!.snippet).toContain("<mark>");
    // "sécurité numérique" finds the English template through the taxonomy's labels.
    expect(await board(null, "sécurité numérique")).toEqual(["digitalEn"]);
  });

  it("the library page answers a French search with the Spanish guide (route, signed in)", async () => {
    const session = await createTestSession(users.coalitionFr!);
    const res = await send(`/resources?q=${encodeURIComponent("financement étranger")}`, {
      cookie: session.cookie,
    });
    expect(res.status).toBe(200);
    expect(res.body).toContain(`/resources/${r.guiaEs}`);
    expect(res.body).toContain("1 ressource");
    expect(res.body).not.toContain(`/resources/${r.trusted}`);
  });
});

describe("links from needs", () => {
  it("links a resource from a need and shows it to those who see both", async () => {
    const need = await createNeed({ organisationId: orgs.coalition, createdById: users.coalition! });
    await db().$transaction((tx) =>
      linkResource(
        tx,
        viewers.coalition!,
        { target: { type: "need", id: need.id }, resourceId: r.guiaEs!, note: "This guide helped in Mexico" },
        null,
      ),
    );
    // The coalition may not link a resource it cannot see (trusted), nor link from someone else's need.
    await expect(
      db().$transaction((tx) =>
        linkResource(
          tx,
          viewers.coalition!,
          { target: { type: "need", id: need.id }, resourceId: r.trusted!, note: "" },
          null,
        ),
      ),
    ).rejects.toMatchObject({ init: { status: 400 } });
    await expect(
      db().$transaction((tx) =>
        linkResource(
          tx,
          viewers.publisher!,
          { target: { type: "need", id: need.id }, resourceId: r.public!, note: "" },
          null,
        ),
      ),
    ).rejects.toMatchObject({ init: { status: 403 } });
    expect(
      (await resourcesLinkedTo(viewers.coalition!, { type: "need", id: need.id })).map((l) => l.note),
    ).toEqual(["This guide helped in Mexico"]);
    // On the resource's page: the trusted expert sees the need (network board), a visitor does not.
    expect((await linksOfResource(viewers.trusted!, r.guiaEs!)).map((l) => l.href)).toEqual([
      `/needs/${need.id}`,
    ]);
    expect(await linksOfResource(null, r.guiaEs!)).toEqual([]);
    expect(await linksOfResource(viewers.unverified!, r.guiaEs!)).toEqual([]);
  });
});

describe("a resource's links, read in a fixed number of queries", () => {
  /** Counts the Prisma queries made through db() while `run` runs (the hot reads on pg are not counted). */
  async function prismaQueries<T>(run: () => Promise<T>): Promise<{ result: T; queries: number }> {
    const holder = globalThis as unknown as { __puenteDb?: ReturnType<typeof db> };
    const real = db();
    let queries = 0;
    holder.__puenteDb = new Proxy(real, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof prop !== "string" || prop.startsWith("$") || !value || typeof value !== "object")
          return value;
        return new Proxy(value, {
          get(model, method) {
            const fn = Reflect.get(model, method) as unknown;
            if (typeof fn !== "function") return fn;
            return (...args: unknown[]) => {
              queries += 1;
              return (fn as (...a: unknown[]) => unknown).apply(model, args);
            };
          },
        });
      },
    });
    try {
      return { result: await run(), queries };
    } finally {
      holder.__puenteDb = real;
    }
  }

  /** The answer link by link, from the policy alone (what the page showed before it was batched). */
  async function perLink(viewer: NonNullable<Viewer>, resourceId: string) {
    const links = await db().resourceLink.findMany({ where: { resourceId }, orderBy: { createdAt: "desc" } });
    const hrefs: string[] = [];
    for (const link of links) {
      if (link.targetType === "need") {
        const need = await db().need.findUniqueOrThrow({ where: { id: link.targetId } });
        const relation = (await expertRelations(viewer, [need.id])).get(need.id);
        if (needAccess(viewer, need, relation).level !== "none") hrefs.push(`/needs/${need.id}`);
      } else if (link.targetType === "engagement") {
        const e = await db().engagement.findUniqueOrThrow({ where: { id: link.targetId } });
        if (engagementDocumentAccess(viewer, e).read) hrefs.push(`/engagements/${e.id}`);
      } else {
        const call = await db().coordinationCall.findUniqueOrThrow({
          where: { id: link.targetId },
          select: { id: true, invitees: { select: { organisationId: true } } },
        });
        if (
          callAccess(
            viewer,
            call.invitees.map((i) => i.organisationId),
          ) !== "none"
        )
          hrefs.push(`/calls/${call.id}`);
      }
    }
    return hrefs;
  }

  it("answers as the policy does link by link, with as many queries for nine links as for three", async () => {
    const linkAll = async (resourceId: string, copies: number) => {
      for (let i = 0; i < copies; i++) {
        const networkNeed = await createNeed({
          organisationId: orgs.coalition,
          createdById: users.coalition!,
        });
        const privateNeed = await createNeed({
          organisationId: orgs.coalitionFr,
          createdById: users.coalitionFr!,
          visibility: "secretariat",
        });
        const offer = await createOffer({ organisationId: orgs.trusted, createdById: users.trusted! });
        const proposal = await createProposal({
          needId: networkNeed.id,
          offerId: offer.id,
          expertOrganisationId: orgs.trusted,
          status: "confirmed",
        });
        const engagement = await createEngagement({
          needId: networkNeed.id,
          offerId: offer.id,
          proposalId: proposal.id,
          expertOrganisationId: orgs.trusted,
          coalitionOrganisationId: orgs.coalition,
        });
        const call = await db().coordinationCall.create({
          data: {
            countryCode: "MX",
            title: `Call ${resourceId} ${i}`,
            startsAt: new Date(Date.now() + 7 * 86_400_000),
            timeZone: "America/Mexico_City",
            agendaSince: new Date(),
            createdById: users.secretariat!,
            invitees: { create: [{ organisationId: orgs.coalition }] },
          },
        });
        const targets = [
          { targetType: "need" as const, targetId: networkNeed.id },
          { targetType: "need" as const, targetId: privateNeed.id },
          { targetType: "engagement" as const, targetId: engagement.id },
          { targetType: "call" as const, targetId: call.id },
        ];
        for (const t of targets)
          await db().resourceLink.create({
            data: { resourceId, ...t, note: "", createdById: users.secretariat! },
          });
      }
    };
    await linkAll(r.network!, 1);
    await linkAll(r.public!, 3);
    for (const key of ["coalition", "coalitionFr", "trusted", "publisher", "secretariat"] as const) {
      const viewer = viewers[key]!;
      const few = await prismaQueries(() => linksOfResource(viewer, r.network!));
      const many = await prismaQueries(() => linksOfResource(viewer, r.public!));
      expect(many.queries, key).toBe(few.queries);
      expect(few.queries, key).toBeLessThanOrEqual(4);
      expect(few.result.map((l) => l.href).sort(), key).toEqual((await perLink(viewer, r.network!)).sort());
      expect(many.result.map((l) => l.href).sort(), key).toEqual((await perLink(viewer, r.public!)).sort());
    }
    // Each reader sees some links and not others: the comparison is not between empty lists.
    const coalition = await linksOfResource(viewers.coalition!, r.public!);
    expect(coalition.length).toBeGreaterThan(0);
    expect(coalition.length).toBeLessThan(12);
  });
});

describe("the form", () => {
  it("publishes a resource without JavaScript and refuses bad input with field errors", async () => {
    const session = await createTestSession(users.coalition!);
    const bad = await send("/resources/new", {
      cookie: session.cookie,
      form: {
        intent: "publish",
        kind: "guide",
        title: "",
        summary: "x",
        languages: "es",
        topicIds: "nope.topic",
      },
    });
    expect(bad.status).toBe(422);
    const ok = await send("/resources/new", {
      cookie: session.cookie,
      form: {
        intent: "publish",
        kind: "model_law",
        title: "Ley modelo de acceso a la información",
        summary: "Una ley modelo comentada.",
        contentLanguage: "es",
        languages: ["es", "en"],
        topicIds: ["legal.legislative_drafting"],
        countryCodes: ["MX"],
        visibility: "network",
      },
    });
    expect(ok.status).toBe(302);
    const id = ok.location!.match(/\/resources\/([^?]+)/)![1]!;
    const row = await db().resource.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      status: "published",
      categoryIds: ["legal"],
      organisationId: orgs.coalition,
    });
    // Its search document is queued in the same transaction.
    expect(
      await db().outboxEvent.count({
        where: { name: "search.index", payload: { equals: { entityType: "resource", entityId: id } } },
      }),
    ).toBe(1);
    // Another organisation's member may not edit it.
    const other = await createTestSession(users.trusted!);
    expect((await send(`/resources/${id}/edit`, { cookie: other.cookie })).status).toBe(403);
  });
});
