// Issue 18: the offers board is exact at scale, like the needs board. On 6,000 offers, 210 random
// combinations of filters, text, sort, page, "mine" and viewer give the same page ids, total and facet
// counts as a brute-force answer: every visible offer (the policy's Prisma filter), filtered, counted and
// sorted one by one here with the policy's coverage predicate, the text matched by a plain scan of the
// search documents. Nothing that matches may be missing, whatever the size of the match set; facet counts
// are exact while the window holds every candidate, and never more than the truth past it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offerCoversCountry, visibleOffersWhere, type Viewer } from "~/features/auth/policy";
import {
  COUNT_LIMIT,
  FACET_WINDOW,
  offersBoardPage,
  OFFERS_PAGE_SIZE,
  parseOfferBoardParams,
  type OfferBoardParams,
} from "~/features/offers/services/offers-board.server";
import { getSearchIndex } from "~/features/search/index.server";
import { allSearchDocs } from "~/features/search/services/documents.server";
import { regionOf } from "~/features/taxonomy/reference-data";
import { db } from "~/utils/db.server";
import { closeSqlPools, sqlRows } from "~/utils/sql.server";
import { Prisma } from "~/generated/prisma/client";
import { createNetwork, createOrganisation } from "../support/factories";

afterAll(() => closeSqlPools());

const OFFERS = 6_000;
const COMBINATIONS = 210;
const COUNTRIES = ["MX", "GT", "CO", "BR", "KE", "UG", "SN", "CM", "TN", "JO", "HU", "PH", "ID", "IN"];
const REGIONS = ["latin_america_caribbean", "sub_saharan_africa", "europe_central_asia", "asia_pacific"];
const TEXTS = [
  "seguridad",
  "digital security",
  "sécurité numérique",
  "asociaciones",
  "association",
  "registro",
  "civic space",
  "spyware",
  "formation",
  "litigio",
  "legal",
  "periodistas",
];

type Row = {
  id: string;
  organisationId: string;
  categoryIds: string[];
  topicIds: string[];
  coverageGlobal: boolean;
  coverageCountries: string[];
  coverageRegions: string[];
  languages: string[];
  status: string;
  hoursPerMonth: number;
  responseTimeDays: number;
  publishedAt: Date | null;
  createdAt: Date;
};

let viewers: Array<[string, Viewer]>;

beforeAll(async () => {
  const n = await createNetwork();
  // Offering organisations: the network's expert (trusted) and coalition (peer offers), vetted experts,
  // and one unverified expert whose offers only it (and the secretariat) may see.
  const orgIds = [n.expert.id, n.coalition.id];
  for (let i = 0; i < 6; i++)
    orgIds.push(
      (await createOrganisation({ kind: "EXPERT", vettingLevel: i === 5 ? "unverified" : "verified" })).id,
    );
  await db().$executeRawUnsafe(
    `
    WITH p AS (
      SELECT g,
        (ARRAY['active','active','active','active','paused','retired','draft'])[1 + g % 7] AS status,
        (ARRAY['legal','digital_security','advocacy'])[1 + (g / 7) % 3] AS category,
        (ARRAY['es','en','fr'])[1 + g % 3] AS lang,
        (ARRAY[
          'Seguridad digital para periodistas y defensoras',
          'Asesoría sobre la ley de asociaciones civiles',
          'Registro legal de una asociación',
          'Digital security audits for NGOs',
          'Freedom of association litigation',
          'Sécurité numérique pour les radios communautaires',
          'Formation des associations au plaidoyer',
          'Detección de programas espía en teléfonos',
          'Litigio estratégico sobre protesta',
          'Civic space monitoring and foreign agents laws'])[1 + (g / 5) % 10] AS title,
        (g % 300) AS age
      FROM generate_series(1, $1::int) g
    )
    INSERT INTO "Offer" (id, "organisationId", "createdById", title, description, "contentLanguage", "categoryIds",
      "topicIds", "coverageGlobal", "coverageCountries", "coverageRegions", languages, "hoursPerMonth",
      "maxConcurrent", "availableFrom", format, "responseTimeDays", terms, status, "publishedAt", "createdAt", "updatedAt")
    SELECT 'exact-' || lpad(g::text, 6, '0'), ($2::text[])[1 + g % 8], $3, title || ' ' || g,
      'Descripción ' || g || ': ' || title || repeat(' detalle', g % 60), lang,
      CASE WHEN g % 4 = 0 THEN ARRAY[category, 'legal'] ELSE ARRAY[category] END,
      ARRAY(SELECT id FROM "Topic" t WHERE t."categoryId" = category ORDER BY id OFFSET (g % 8) LIMIT 1 + g % 2),
      g % 11 = 0,
      CASE WHEN g % 3 = 0 THEN ARRAY[]::text[]
           ELSE ARRAY[(ARRAY[${COUNTRIES.map((c) => `'${c}'`).join(",")}])[1 + (g * 7) % ${COUNTRIES.length}]] END,
      CASE WHEN g % 5 = 0 THEN ARRAY[(ARRAY[${REGIONS.map((r) => `'${r}'`).join(",")}])[1 + g % ${REGIONS.length}]]::"Region"[]
           ELSE ARRAY[]::"Region"[] END,
      CASE WHEN g % 2 = 0 THEN ARRAY[lang, 'en'] ELSE ARRAY[lang] END,
      -- Few distinct capacities and response times: the sorts' tie-breaks are tested too.
      (ARRAY[5, 10, 20, 40])[1 + g % 4], 1 + g % 3, now(), 'remote'::"WorkFormat", (ARRAY[3, 7, 14])[1 + g % 3],
      'pro_bono'::"OfferTerms", status::"OfferStatus",
      -- Many offers share a publishing instant, so the sort's tie-break (the id) is tested too.
      CASE WHEN status IN ('active','paused','retired') THEN date_trunc('day', now()) - (age || ' days')::interval END,
      now() - ((age + 3) || ' days')::interval, now()
    FROM p`,
    OFFERS,
    orgIds,
    n.expertUser.id,
  );
  await db().$executeRawUnsafe(`ANALYZE "Offer"`);
  await getSearchIndex().reindex(allSearchDocs(db()));
  const member = (
    userId: string,
    organisationId: string,
    kind: "COALITION" | "EXPERT" | "SECRETARIAT",
    vettingLevel: "verified" | "trusted" | "unverified" = "verified",
  ): Viewer => ({
    userId,
    twoFactorVerified: true,
    memberships: [{ organisationId, kind, vettingLevel, role: "member" }],
  });
  viewers = [
    ["expert", member(n.expertUser.id, n.expert.id, "EXPERT", "trusted")],
    ["secretariat", member(n.secretariatUser.id, n.secretariat.id, "SECRETARIAT")],
    ["coalition", member(n.coalitionUser.id, n.coalition.id, "COALITION")],
    ["unverified", member(n.expertUser.id, orgIds[7]!, "EXPERT", "unverified")],
  ];
}, 300_000);

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

function randomQuery(rnd: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const q = new URLSearchParams();
  if (rnd() < 0.5) q.set("q", pick(TEXTS));
  if (rnd() < 0.4) q.set("category", pick(["legal", "digital_security", "advocacy"]));
  if (rnd() < 0.2)
    q.set("topic", pick(["legal.registration", "digital_security.training", "advocacy.un_mechanisms"]));
  if (rnd() < 0.3) q.set("country", pick(COUNTRIES));
  if (rnd() < 0.2) q.set("region", pick(REGIONS));
  if (rnd() < 0.3) q.set("language", pick(["es", "en", "fr"]));
  if (rnd() < 0.3) q.set("status", pick(["active", "paused", "retired", "draft"]));
  if (rnd() < 0.2) q.set("posted", pick(["7", "30", "90", "365"]));
  q.set("sort", pick(["newest", "oldest", "capacity", "response_time"]));
  q.set("page", String(pick([1, 1, 1, 2, 3, 10, 40])));
  return q.toString();
}

const postedOf = (r: Row) => (r.publishedAt ?? r.createdAt).getTime();

/** Every offer this viewer may see with "mine" and the text applied: fetched once per such triple. */
const visibleRows = new Map<string, Promise<Row[]>>();
function candidates(viewer: Viewer, p: OfferBoardParams, mine: boolean) {
  const key = JSON.stringify([viewer?.userId, viewer?.memberships[0]?.organisationId, mine, p.q ?? ""]);
  let rows = visibleRows.get(key);
  if (!rows) visibleRows.set(key, (rows = fetchCandidates(viewer, p, mine)));
  return rows;
}

async function fetchCandidates(viewer: Viewer, p: OfferBoardParams, mine: boolean): Promise<Row[]> {
  const where: Prisma.OfferWhereInput[] = [visibleOffersWhere(viewer)];
  if (mine) where.push({ organisationId: { in: viewer!.memberships.map((m) => m.organisationId) } });
  else where.push({ status: { not: "draft" } });
  if (p.q && mine) {
    // "My offers" includes drafts, which are not indexed: its text is a plain substring.
    where.push({
      OR: [
        { title: { contains: p.q, mode: "insensitive" } },
        { description: { contains: p.q, mode: "insensitive" } },
      ],
    });
  } else if (p.q) {
    // The same text as the board, matched by scanning every search document.
    const match = await getSearchIndex().textMatch({ text: p.q, entityType: "offer" }, { kind: "all" });
    if (match.kind !== "tsquery") throw new Error("expected a tsquery");
    const ids = await sqlRows<{ entityId: string }>(
      Prisma.sql`SELECT "entityId" FROM "SearchDocument" WHERE "entityType" = 'offer' AND tsv @@ ${match.tsquery}::tsquery`,
    );
    where.push({ id: { in: ids.map((r) => r.entityId) } });
  }
  return db().offer.findMany({
    where: { AND: where },
    select: {
      id: true,
      organisationId: true,
      categoryIds: true,
      topicIds: true,
      coverageGlobal: true,
      coverageCountries: true,
      coverageRegions: true,
      languages: true,
      status: true,
      hoursPerMonth: true,
      responseTimeDays: true,
      publishedAt: true,
      createdAt: true,
    },
  });
}

type Facet = "category" | "topic" | "country" | "region" | "language" | "status" | "posted";
const FACETS: Facet[] = ["category", "topic", "country", "region", "language", "status", "posted"];

/** The brute-force answer: page ids, total, facet counts and how many offers fail at most one filter. */
async function bruteForce(viewer: Viewer, p: OfferBoardParams, mine: boolean) {
  const rows = await candidates(viewer, p, mine);
  const now = Date.now();
  const passes: Record<Facet, (r: Row) => boolean> = {
    category: (r) => !p.category || r.categoryIds.includes(p.category),
    topic: (r) => !p.topic || r.topicIds.includes(p.topic),
    country: (r) => !p.country || offerCoversCountry(r, p.country, regionOf(p.country)),
    region: (r) => !p.region || r.coverageGlobal || r.coverageRegions.includes(p.region),
    language: (r) => !p.language || r.languages.includes(p.language),
    status: (r) => !p.status || r.status === p.status,
    posted: (r) => !p.posted || postedOf(r) >= now - Number(p.posted) * 86_400_000,
  };
  const failures = (r: Row) => FACETS.filter((k) => !passes[k](r)).length;
  const matched = rows.filter((r) => failures(r) === 0);
  const newest = (a: Row, b: Row) => postedOf(b) - postedOf(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  const order: Record<OfferBoardParams["sort"], (a: Row, b: Row) => number> = {
    newest,
    oldest: (a, b) => -newest(a, b),
    capacity: (a, b) => b.hoursPerMonth - a.hoursPerMonth || newest(a, b),
    response_time: (a, b) => a.responseTimeDays - b.responseTimeDays || newest(a, b),
  };
  matched.sort(order[p.sort]);
  const start = (p.page - 1) * OFFERS_PAGE_SIZE;
  // Facets: each counted with every filter but its own.
  const facets = Object.fromEntries(FACETS.map((k) => [k, {} as Record<string, number>])) as Record<
    Facet,
    Record<string, number>
  >;
  const add = (k: Facet, v: string) => (facets[k][v] = (facets[k][v] ?? 0) + 1);
  for (const r of rows) {
    const others = (k: Facet) => FACETS.every((x) => x === k || passes[x](r));
    if (others("category")) r.categoryIds.forEach((v) => add("category", v));
    if (others("topic")) r.topicIds.forEach((v) => add("topic", v));
    if (others("country")) r.coverageCountries.forEach((v) => add("country", v));
    if (others("region"))
      [...r.coverageRegions, ...(r.coverageGlobal ? ["global"] : [])].forEach((v) => add("region", v));
    if (others("language")) r.languages.forEach((v) => add("language", v));
    if (others("status")) add("status", r.status);
    if (others("posted"))
      for (const w of ["7", "30", "90", "365"])
        if (postedOf(r) >= now - Number(w) * 86_400_000) add("posted", w);
  }
  return {
    total: matched.length,
    ids: matched.slice(start, start + OFFERS_PAGE_SIZE).map((r) => r.id),
    facets,
    window: rows.filter((r) => failures(r) <= 1).length,
  };
}

describe("offers board at 6,000 offers", () => {
  it(`gives the brute-force page, total and facets for ${COMBINATIONS} random filter, text, sort and page combinations`, async () => {
    const rnd = random(18);
    let withText = 0;
    let nonEmpty = 0;
    let bounded = 0;
    let exactFacets = 0;
    for (let i = 0; i < COMBINATIONS; i++) {
      const query = randomQuery(rnd);
      const [name, viewer] = viewers[i % viewers.length]!;
      const mine = (name === "coalition" || name === "expert") && i % 3 === 0;
      const p = parseOfferBoardParams(new URL(`http://x/offers?${query}`));
      const [board, expected] = await Promise.all([
        offersBoardPage(viewer, p, { mine }),
        bruteForce(viewer, p, mine),
      ]);
      const label = `#${i} ${name}${mine ? " (mine)" : ""} ?${query}`;
      // The total is exact up to the board's count limit, and says "more" past it.
      expect(board.total, label).toBe(Math.min(expected.total, COUNT_LIMIT));
      expect(board.bounded, label).toBe(expected.total > COUNT_LIMIT);
      expect(board.ids, label).toEqual(expected.ids);
      expect(board.hasNext, label).toBe(expected.total > p.page * OFFERS_PAGE_SIZE);
      expect(board.facetsBounded, label).toBe(expected.window > FACET_WINDOW);
      if (!board.facetsBounded) {
        expect(board.facets, label).toEqual(expected.facets);
        exactFacets++;
      } else {
        // Past the window, lower bounds: never more than the truth.
        for (const k of FACETS)
          for (const [v, count] of Object.entries(board.facets[k]))
            expect(count, `${label} ${k}=${v}`).toBeLessThanOrEqual(expected.facets[k][v] ?? 0);
      }
      if (p.q) withText++;
      if (expected.total > 0) nonEmpty++;
      if (expected.total > COUNT_LIMIT) bounded++;
    }
    // The combinations are not all trivial: many search text, most find something, some pass the limit,
    // and facets are checked exactly in many.
    expect(withText).toBeGreaterThan(COMBINATIONS / 3);
    expect(nonEmpty).toBeGreaterThan(COMBINATIONS / 2);
    expect(bounded).toBeGreaterThan(10);
    expect(exactFacets).toBeGreaterThan(COMBINATIONS / 3);
  }, 600_000);

  it("past its count limit says so, and lists every match on its pages", async () => {
    const [, secretariat] = viewers[1]!;
    const all = parseOfferBoardParams(new URL("http://x/offers?sort=oldest"));
    const beyond = COUNT_LIMIT / OFFERS_PAGE_SIZE + 3;
    const far = parseOfferBoardParams(new URL(`http://x/offers?sort=oldest&page=${beyond}`));
    const [first, later, truth] = await Promise.all([
      offersBoardPage(secretariat, all),
      offersBoardPage(secretariat, far),
      bruteForce(secretariat, far, false),
    ]);
    expect(truth.total).toBeGreaterThan(COUNT_LIMIT);
    expect(first).toMatchObject({ total: COUNT_LIMIT, bounded: true, facetsBounded: true });
    expect(later.ids).toEqual(truth.ids);
    expect(later.ids).toHaveLength(OFFERS_PAGE_SIZE);
  }, 120_000);
});
