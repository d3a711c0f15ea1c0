// Issue 18: the needs board is exact at scale. On 20,000 needs, 200+ random combinations of filters, text,
// sort, page and viewer give the same page ids and the same total as a brute-force answer: every visible
// need (the policy's Prisma filter), filtered and sorted one by one here, with the text matched by a plain
// scan of the search documents. Nothing that matches may be missing, whatever the size of the match set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleNeedsWhere, type Viewer } from "~/features/auth/policy";
import { COUNT_LIMIT } from "~/features/boards/board-params";
import {
  boardPage,
  NEEDS_PAGE_SIZE,
  parseNeedBoardParams,
  type NeedBoardParams,
} from "~/features/needs/services/needs-board.server";
import { getSearchIndex } from "~/features/search/index.server";
import { allSearchDocs } from "~/features/search/services/documents.server";
import { regionOf } from "~/features/taxonomy/reference-data";
import { db } from "~/utils/db.server";
import { closeSqlPools, sqlRows } from "~/utils/sql.server";
import { Prisma } from "~/generated/prisma/client";
import { createNetwork, createOrganisation, createProposal, createOffer } from "../support/factories";

afterAll(() => closeSqlPools());

const NEEDS = 20_000;
const COMBINATIONS = 220;
const COUNTRIES = ["MX", "GT", "CO", "BR", "KE", "UG", "SN", "CM", "TN", "JO", "HU", "PH", "ID", "IN"];
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
  "protesta",
  "ley",
  "legal",
  "periodistas",
  "defensoras",
];

type Row = {
  id: string;
  categoryId: string;
  topicIds: string[];
  countryCode: string;
  languages: string[];
  urgency: string;
  status: string;
  wantedBy: Date | null;
  openedAt: Date | null;
  submittedAt: Date | null;
  createdAt: Date;
};

let viewers: Array<[string, Viewer]>;

beforeAll(async () => {
  const n = await createNetwork();
  const coalitionIds = [n.coalition.id];
  for (let i = 0; i < 9; i++) {
    const org = await createOrganisation({ kind: "COALITION", countryCode: COUNTRIES[i % COUNTRIES.length] });
    coalitionIds.push(org.id);
  }
  // 20,000 needs in one statement: every status, category, topic, country, language, urgency, visibility and
  // posting date, with titles and summaries in three languages.
  await db().$executeRawUnsafe(
    `
    WITH p AS (
      SELECT g,
        (ARRAY['open','open','open','matching','engaged','completed','closed_unmet','submitted','needs_info','draft','withdrawn','declined'])[1 + g % 12] AS status,
        (ARRAY['legal','digital_security','advocacy'])[1 + (g / 7) % 3] AS category,
        (ARRAY['critical','high','normal','normal','low'])[1 + (g / 3) % 5] AS urgency,
        (ARRAY[${COUNTRIES.map((c) => `'${c}'`).join(",")}])[1 + (g * 7) % ${COUNTRIES.length}] AS country,
        (ARRAY['es','en','fr'])[1 + g % 3] AS lang,
        (ARRAY[
          'Seguridad digital para periodistas y defensoras',
          'Reforma a la ley de asociaciones civiles',
          'Registro legal de una asociación',
          'Digital security audit before the elections',
          'Freedom of association under the new NGO law',
          'Sécurité numérique pour une radio communautaire',
          'Formation des associations au plaidoyer',
          'Programas espía en teléfonos de activistas',
          'Protesta pacífica y libertad de reunión',
          'Campaign on civic space and foreign agents'])[1 + (g / 5) % 10] AS title,
        (g % 400) AS age
      FROM generate_series(1, $1::int) g
    )
    INSERT INTO "Need" (id, "organisationId", "createdById", title, summary, details, "outcomeWanted", "contentLanguage",
      "categoryId", "topicIds", "countryCode", languages, urgency, "wantedBy", "effortHours", format, "civicContext",
      visibility, anonymised, status, "submittedAt", "openedAt", "createdAt", "updatedAt")
    SELECT 'exact-' || lpad(g::text, 6, '0'), ($2::text[])[1 + g % 10], $3, title || ' ' || g,
      'Resumen ' || g || ': ' || title, 'Confidential ' || g, 'Outcome ' || g, lang, category,
      ARRAY(SELECT id FROM "Topic" t WHERE t."categoryId" = category ORDER BY id OFFSET (g % 8) LIMIT 1 + g % 2),
      country, ARRAY[lang, 'en'], urgency::"Urgency",
      CASE WHEN g % 9 = 0 THEN NULL ELSE now() + ((g % 120) || ' days')::interval END, 5 + g % 60,
      'remote'::"WorkFormat", 'closing'::"CivicContext",
      (CASE WHEN g % 10 = 0 THEN 'secretariat' ELSE 'network' END)::"NeedVisibility", g % 7 = 0,
      status::"NeedStatus",
      CASE WHEN status = 'draft' THEN NULL ELSE now() - ((age + 2) || ' days')::interval END,
      -- Many needs share a posting instant, so the sort's tie-break (the id) is tested too.
      CASE WHEN status IN ('open','matching','engaged','completed','closed_unmet') THEN date_trunc('day', now()) - (age || ' days')::interval END,
      now() - ((age + 3) || ' days')::interval, now()
    FROM p`,
    NEEDS,
    coalitionIds,
    n.coalitionUser.id,
  );
  await db().$executeRawUnsafe(`ANALYZE "Need"`);
  // Approved proposals open a few secretariat-only needs to the expert (the viewer's personal part).
  const offer = await createOffer({ organisationId: n.expert.id, createdById: n.expertUser.id });
  for (const id of ["exact-000010", "exact-000020", "exact-000030"]) {
    await createProposal({
      needId: id,
      offerId: offer.id,
      expertOrganisationId: n.expert.id,
      status: "approved",
    });
  }
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
  if (rnd() < 0.2)
    q.set("region", pick(["latin_america_caribbean", "sub_saharan_africa", "europe_central_asia"]));
  if (rnd() < 0.3) q.set("language", pick(["es", "en", "fr"]));
  if (rnd() < 0.3) q.set("urgency", pick(["critical", "high", "normal", "low"]));
  if (rnd() < 0.3) q.set("status", pick(["open", "matching", "engaged", "submitted", "closed_unmet"]));
  if (rnd() < 0.2) q.set("posted", pick(["7", "30", "90", "365"]));
  q.set("sort", pick(["newest", "oldest", "urgency", "wanted_by"]));
  q.set("page", String(pick([1, 1, 1, 2, 3, 10, 40])));
  return q.toString();
}

const urgencyRank: Record<string, number> = { critical: 0, high: 1, normal: 2, low: 3 };
const postedOf = (r: Row) => (r.openedAt ?? r.submittedAt ?? r.createdAt).getTime();

/**
 * Every need this viewer may see (the policy's Prisma filter), with "mine" and the text applied: the same
 * for every combination sharing viewer, "mine" and text (the needs do not change during the test), so
 * fetched once per such triple instead of once per combination (up to 20,000 rows each time).
 */
const visibleRows = new Map<string, Promise<Row[]>>();
function candidates(viewer: Viewer, p: NeedBoardParams, mine: boolean) {
  const key = JSON.stringify([viewer?.userId, mine, p.q ?? ""]);
  let rows = visibleRows.get(key);
  if (!rows) visibleRows.set(key, (rows = fetchCandidates(viewer, p, mine)));
  return rows;
}

async function fetchCandidates(viewer: Viewer, p: NeedBoardParams, mine: boolean): Promise<Row[]> {
  const where: Prisma.NeedWhereInput[] = [visibleNeedsWhere(viewer)];
  if (mine) where.push({ organisationId: { in: viewer!.memberships.map((m) => m.organisationId) } });
  else where.push({ status: { not: "draft" } });
  if (p.q && mine) {
    // "My needs" includes drafts, which are not indexed: its text is a plain substring of title or summary.
    where.push({
      OR: [
        { title: { contains: p.q, mode: "insensitive" } },
        { summary: { contains: p.q, mode: "insensitive" } },
      ],
    });
  } else if (p.q) {
    // The same text as the board, matched by scanning every search document.
    const match = await getSearchIndex().textMatch({ text: p.q, entityType: "need" }, { kind: "all" });
    if (match.kind !== "tsquery") throw new Error("expected a tsquery");
    const ids = await sqlRows<{ entityId: string }>(
      Prisma.sql`SELECT "entityId" FROM "SearchDocument" WHERE "entityType" = 'need' AND tsv @@ ${match.tsquery}::tsquery`,
    );
    where.push({ id: { in: ids.map((r) => r.entityId) } });
  }
  return db().need.findMany({
    where: { AND: where },
    select: {
      id: true,
      categoryId: true,
      topicIds: true,
      countryCode: true,
      languages: true,
      urgency: true,
      status: true,
      wantedBy: true,
      openedAt: true,
      submittedAt: true,
      createdAt: true,
    },
  });
}

/** The brute-force answer: page ids and total. */
async function bruteForce(viewer: Viewer, p: NeedBoardParams, mine: boolean) {
  const rows = await candidates(viewer, p, mine);
  const since = p.posted ? Date.now() - Number(p.posted) * 86_400_000 : null;
  const matched = rows.filter(
    (r) =>
      (!p.category || r.categoryId === p.category) &&
      (!p.topic || r.topicIds.includes(p.topic)) &&
      (!p.country || r.countryCode === p.country) &&
      (!p.region || regionOf(r.countryCode) === p.region) &&
      (!p.language || r.languages.includes(p.language)) &&
      (!p.urgency || r.urgency === p.urgency) &&
      (!p.status || r.status === p.status) &&
      (since === null || postedOf(r) >= since),
  );
  const newest = (a: Row, b: Row) => postedOf(b) - postedOf(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  const order: Record<NeedBoardParams["sort"], (a: Row, b: Row) => number> = {
    newest,
    oldest: (a, b) => -newest(a, b),
    urgency: (a, b) => urgencyRank[a.urgency]! - urgencyRank[b.urgency]! || newest(a, b),
    wanted_by: (a, b) =>
      (a.wantedBy?.getTime() ?? Infinity) - (b.wantedBy?.getTime() ?? Infinity) || newest(a, b),
  };
  matched.sort(order[p.sort]);
  const start = (p.page - 1) * NEEDS_PAGE_SIZE;
  return { total: matched.length, ids: matched.slice(start, start + NEEDS_PAGE_SIZE).map((r) => r.id) };
}

describe("needs board at 20,000 needs", () => {
  it(`gives the brute-force page and total for ${COMBINATIONS} random filter, text, sort and page combinations`, async () => {
    const rnd = random(18);
    let withText = 0;
    let nonEmpty = 0;
    let bounded = 0;
    for (let i = 0; i < COMBINATIONS; i++) {
      const query = randomQuery(rnd);
      const [name, viewer] = viewers[i % viewers.length]!;
      const mine = name === "coalition" && i % 2 === 0;
      const p = parseNeedBoardParams(new URL(`http://x/needs?${query}`));
      const [board, expected] = await Promise.all([
        boardPage(viewer, p, { mine }),
        bruteForce(viewer, p, mine),
      ]);
      const label = `#${i} ${name}${mine ? " (mine)" : ""} ?${query}`;
      // The total is exact up to the board's count limit, and says "more" past it.
      expect(board.total, label).toBe(Math.min(expected.total, COUNT_LIMIT));
      expect(board.bounded, label).toBe(expected.total > COUNT_LIMIT);
      expect(board.ids, label).toEqual(expected.ids);
      if (p.q) withText++;
      if (expected.total > 0) nonEmpty++;
      if (expected.total > COUNT_LIMIT) bounded++;
    }
    // The combinations are not all trivial: many search text, most find something, some pass the limit.
    expect(withText).toBeGreaterThan(COMBINATIONS / 3);
    expect(nonEmpty).toBeGreaterThan(COMBINATIONS / 2);
    expect(bounded).toBeGreaterThan(10);
  }, 600_000);

  it("counts past 500 matches exactly, and past its count limit lists every match on its pages", async () => {
    const [, expert] = viewers[0]!;
    const p = parseNeedBoardParams(new URL("http://x/needs?q=seguridad&language=en"));
    const board = await boardPage(expert, p);
    const expected = await bruteForce(expert, p, false);
    // (the old board stopped at the search's 500 newest)
    expect(expected.total).toBeGreaterThan(500);
    expect(board.total).toBe(Math.min(expected.total, COUNT_LIMIT));
    // Far past the limit: the board says "more", and the pages beyond it still hold the right needs.
    const all = parseNeedBoardParams(new URL("http://x/needs?sort=oldest"));
    const beyond = COUNT_LIMIT / NEEDS_PAGE_SIZE + 3;
    const far = parseNeedBoardParams(new URL(`http://x/needs?sort=oldest&page=${beyond}`));
    const [first, later, truth] = await Promise.all([
      boardPage(expert, all),
      boardPage(expert, far),
      bruteForce(expert, far, false),
    ]);
    expect(truth.total).toBeGreaterThan(COUNT_LIMIT);
    expect(first).toMatchObject({ total: COUNT_LIMIT, bounded: true });
    expect(later.ids).toEqual(truth.ids);
    expect(later.ids).toHaveLength(NEEDS_PAGE_SIZE);
  }, 120_000);
});
