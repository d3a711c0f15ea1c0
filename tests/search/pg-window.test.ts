// The window of a text query (ADR 0007, 0012): when a text matches more documents than the window, the
// window must be exactly the newest matches (postedAt, then id), in order, none dropped or repeated,
// whichever index reads them (RUM newest first, or GIN) and whichever plan (the postedAt walk for broad
// texts, the RUM index, the planner's choice). Checked against a brute-force answer with a small window
// over documents spread in time, two posted at each instant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SearchDoc, SearchQuery } from "~/features/search/search-index";
import { PgSearchIndex, type NewestFirstPlan } from "~/features/search/services/pg-search-index.server";
import { db } from "~/utils/db.server";
import { closeSqlPools } from "~/utils/sql.server";

afterAll(() => closeSqlPools());

const ALL = { kind: "all" } as const;
const BASE = Date.UTC(2026, 0, 1);
/** Odd, so that the window's last place falls between two matches posted at the same instant. */
const WINDOW = 9;

/** Document i (0 = oldest): two documents per hour, so every instant is shared by two documents. */
function doc(i: number, extra: Partial<SearchDoc> = {}): SearchDoc {
  const entityId = `s${String(i).padStart(3, "0")}`;
  const words = ["informe", "comunitario"];
  // Both documents of an instant, two instants in five.
  if (Math.floor(i / 2) % 5 < 2) words.push("ribera");
  if ([1, 30, 61, 90, 100, 113, 117, 119].includes(i)) words.push("alcornoque");
  return {
    id: `need:${entityId}`,
    entityType: "need",
    entityId,
    organisationId: "org",
    title: `Documento ${entityId}`,
    body: words.join(" "),
    labels: { en: "", es: "", fr: "" },
    language: "es",
    status: "open",
    visibility: "network",
    categoryIds: [],
    topicIds: [],
    countryCodes: i % 3 ? [] : ["MX"],
    regions: [],
    languages: [i % 2 ? "fr" : "es"],
    urgency: null,
    postedAt: new Date(BASE + Math.floor(i / 2) * 3_600_000),
    ...extra,
  };
}

describe("the window of newest matches", () => {
  let docs: SearchDoc[];
  let ordered: PgSearchIndex;
  let gin: PgSearchIndex;
  let walk: PgSearchIndex;
  /** Every plan, through the RUM index when present and through GIN alone. */
  let plans: Array<[string, PgSearchIndex]>;

  /** The brute-force window: matching documents (of those `keep` keeps), newest first by postedAt then id. */
  function expected(word: string, keep: (d: SearchDoc) => boolean = () => true) {
    return docs
      .filter((d) => d.body.split(" ").includes(word) && keep(d))
      .sort((a, b) => b.postedAt.getTime() - a.postedAt.getTime() || (a.id < b.id ? -1 : 1))
      .map((d) => d.entityId);
  }

  async function windowOf(index: PgSearchIndex, q: SearchQuery) {
    const first = await index.query({ ...q, sort: "newest", pageSize: 50 }, ALL);
    return { ...first, ids: first.hits.map((h) => h.entityId) };
  }

  beforeAll(async () => {
    docs = Array.from({ length: 120 }, (_, i) => doc(i));
    // Through the RUM index when the server has it (newest first by posting time, ties in any order),
    // and through the GIN index alone.
    ordered = new PgSearchIndex(db(), { window: WINDOW });
    gin = new PgSearchIndex(db(), { window: WINDOW, orderedIndex: false });
    plans = (["walk", "ordered", "planner"] as NewestFirstPlan[]).flatMap(
      (plan): Array<[string, PgSearchIndex]> => [
        [plan, new PgSearchIndex(db(), { window: WINDOW, plan })],
        [`${plan}, GIN only`, new PgSearchIndex(db(), { window: WINDOW, plan, orderedIndex: false })],
      ],
    );
    walk = plans[0]![1];
    await ordered.index(docs);
  });

  it("keeps exactly the newest matches when they exceed the window, ties included", async () => {
    const want = expected("ribera");
    expect(want.length).toBeGreaterThan(WINDOW);
    for (const index of [ordered, gin, walk]) {
      const got = await windowOf(index, { text: "ribera" });
      expect(got).toMatchObject({ total: WINDOW, exhaustive: false });
      expect(got.ids).toEqual(want.slice(0, WINDOW));
      expect(await index.matchingIds({ text: "ribera" }, ALL)).toEqual(want.slice(0, WINDOW));
      // Facets count the same window.
      expect(Object.values(got.facets.languages).reduce((a, b) => a + b, 0)).toBe(WINDOW);
      // Pages of the window, in relevance order too, hold the same documents as reading it all at once.
      const pages = [];
      for (const page of [1, 2, 3]) {
        const r = await index.query({ text: "ribera", pageSize: 4, page }, ALL);
        pages.push(...r.hits.map((h) => h.entityId));
      }
      expect([...pages].sort()).toEqual([...want.slice(0, WINDOW)].sort());
    }
  });

  it("counts every match exactly when there are fewer than the window", async () => {
    const want = expected("alcornoque");
    expect(want).toHaveLength(8);
    for (const index of [ordered, gin, walk]) {
      const got = await windowOf(index, { text: "alcornoque" });
      expect(got).toMatchObject({ total: 8, exhaustive: true });
      expect(got.ids).toEqual(want);
      expect(await index.matchingIds({ text: "alcornoque" }, ALL)).toEqual(want);
    }
  });

  it("keeps the newest matches with a filter, and both indexes answer alike", async () => {
    const want = expected("ribera", (d) => d.languages.includes("fr"));
    expect(want.length).toBeGreaterThan(WINDOW);
    const q: SearchQuery = { text: "ribera", filters: { languages: ["fr"] } };
    expect((await windowOf(ordered, q)).ids).toEqual(want.slice(0, WINDOW));
    for (const query of [{ text: "ribera" }, q, { text: "alcornoque ribera" }, { text: "informe" }]) {
      expect(await ordered.query(query, ALL), JSON.stringify(query)).toEqual(await gin.query(query, ALL));
    }
  });

  it("gives the same answers through every plan: totals, facets, pages in every order, matching ids", async () => {
    const queries: SearchQuery[] = [
      { text: "ribera" },
      { text: "ribera", sort: "newest" },
      { text: "ribera", filters: { languages: ["fr"] } },
      { text: "alcornoque" },
      { text: "alcornoque ribera" },
      { text: "informe" },
      { text: "informe", page: 2, pageSize: 4 },
      { text: "comunitario ribera", sort: "newest", page: 2, pageSize: 3 },
      { text: "nada" },
      { text: "ribera", entityType: "need", filters: { countryCodes: ["MX"] } },
      { text: "informe", filters: { countryCodes: ["MX"] } },
    ];
    for (const q of queries) {
      const [[, reference], ...others] = plans;
      const want = await reference.query(q, ALL);
      const wantIds = await reference.matchingIds(q, ALL);
      for (const [plan, index] of others) {
        expect(await index.query(q, ALL), `${plan}: ${JSON.stringify(q)}`).toEqual(want);
        expect(await index.matchingIds(q, ALL), `${plan}: ${JSON.stringify(q)}`).toEqual(wantIds);
      }
    }
    // The walk reads the newest documents first: the window of a broad word is its newest matches.
    expect((await windowOf(walk, { text: "informe" })).ids).toEqual(expected("informe").slice(0, WINDOW));
  });

  it("stays exact after documents are written and removed", async () => {
    const newer = Array.from({ length: 4 }, (_, k) => doc(200 + k, { body: "informe ribera" }));
    await ordered.index(newer);
    await ordered.remove(["need:s119", "need:s118", "need:s116"]);
    docs = [...docs.filter((d) => !["s119", "s118", "s116"].includes(d.entityId)), ...newer];
    const want = expected("ribera");
    for (const index of [ordered, gin, walk]) {
      expect((await windowOf(index, { text: "ribera" })).ids).toEqual(want.slice(0, WINDOW));
      expect((await windowOf(index, { text: "alcornoque" })).ids).toEqual(expected("alcornoque"));
    }
  });

  it("reads a country filter on needs alone (the country's index), on offers through their regions too", async () => {
    // An offer covering the country through its region, the newest "ribera" of all.
    const offer = doc(300, {
      id: "offer:o1",
      entityType: "offer",
      entityId: "o1",
      body: "ribera",
      countryCodes: [],
      regions: ["latin_america_caribbean"],
    });
    await ordered.index([offer]);
    const needs = expected("ribera", (d) => d.countryCodes.includes("MX"));
    expect(needs.length).toBeGreaterThan(WINDOW);
    for (const [plan, index] of plans) {
      const q: SearchQuery = { text: "ribera", filters: { countryCodes: ["MX"] } };
      expect((await windowOf(index, { ...q, entityType: "need" })).ids, plan).toEqual(needs.slice(0, WINDOW));
      expect((await windowOf(index, q)).ids, plan).toEqual(["o1", ...needs].slice(0, WINDOW));
      expect((await windowOf(index, { ...q, entityType: "offer" })).ids, plan).toEqual(["o1"]);
    }
    await ordered.remove([offer.id]);
  });
});
