// Newest-first slices (ADR 0012): a text query reads the newest documents first and widens only while
// it has fewer matches than its window. Whatever the slices, the window must be exactly the newest
// matches (postedAt, then id), in order, none dropped or repeated: checked here against a brute-force
// answer with a small window and small slices, so that windows cross slice boundaries, including
// boundaries shared by several documents posted at the same instant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SearchDoc, SearchQuery } from "~/features/search/search-index";
import { PgSearchIndex } from "~/features/search/services/pg-search-index.server";
import { db } from "~/utils/db.server";
import { closeSqlPools } from "~/utils/sql.server";

afterAll(() => closeSqlPools());

const ALL = { kind: "all" } as const;
const BASE = Date.UTC(2026, 0, 1);
const WINDOW = 10;

/** Document i (0 = oldest): two documents per hour, so every instant is shared by two documents. */
function doc(i: number, extra: Partial<SearchDoc> = {}): SearchDoc {
  const entityId = `s${String(i).padStart(3, "0")}`;
  const words = ["informe", "comunitario"];
  if ((i * 7) % 5 < 2) words.push("ribera");
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
    countryCodes: [],
    regions: [],
    languages: [i % 2 ? "fr" : "es"],
    urgency: null,
    postedAt: new Date(BASE + Math.floor(i / 2) * 3_600_000),
    ...extra,
  };
}

describe("newest-first slices", () => {
  let docs: SearchDoc[];
  let sliced: PgSearchIndex;
  let whole: PgSearchIndex;

  /** The brute-force window: matching documents, newest first by postedAt then id, at most WINDOW. */
  function expected(word: string, language?: string) {
    return docs
      .filter((d) => d.body.split(" ").includes(word) && (!language || d.languages.includes(language)))
      .sort((a, b) => b.postedAt.getTime() - a.postedAt.getTime() || (a.id < b.id ? -1 : 1))
      .map((d) => d.entityId);
  }

  async function windowOf(index: PgSearchIndex, q: SearchQuery) {
    const first = await index.query({ ...q, sort: "newest", pageSize: 50 }, ALL);
    return { ...first, ids: first.hits.map((h) => h.entityId) };
  }

  beforeAll(async () => {
    docs = Array.from({ length: 120 }, (_, i) => doc(i));
    // Slices of the newest 7, 21 and 50 documents: the 7th and 21st newest share their instant with
    // the 8th and 22nd, so a boundary falls inside a pair of equally old documents.
    sliced = new PgSearchIndex(db(), { window: WINDOW, slices: [7, 21, 50], sliceTtlMs: 0 });
    whole = new PgSearchIndex(db(), { window: WINDOW, slices: [], orderedIndex: false });
    await sliced.index(docs);
  });

  it("keeps exactly the newest matches when they exceed the window and span several slices", async () => {
    const want = expected("ribera");
    expect(want.length).toBeGreaterThan(WINDOW);
    // The window's matches come from more than one slice (the newest 7 hold fewer than the window).
    expect(want.slice(0, WINDOW).some((id) => Number(id.slice(1)) < 120 - 21)).toBe(true);
    const got = await windowOf(sliced, { text: "ribera" });
    expect(got).toMatchObject({ total: WINDOW, exhaustive: false });
    expect(got.ids).toEqual(want.slice(0, WINDOW));
    expect(await sliced.matchingIds({ text: "ribera" }, ALL)).toEqual(want.slice(0, WINDOW));
    // Facets count the same window.
    expect(Object.values(got.facets.languages).reduce((a, b) => a + b, 0)).toBe(WINDOW);
    // Pages of the window, in relevance order too, hold the same documents as reading it all at once.
    const pages = [];
    for (const page of [1, 2, 3]) {
      const r = await sliced.query({ text: "ribera", pageSize: 4, page }, ALL);
      pages.push(...r.hits.map((h) => h.entityId));
    }
    expect([...pages].sort()).toEqual([...want.slice(0, WINDOW)].sort());
  });

  it("counts every match exactly when there are fewer than the window, from every slice", async () => {
    const want = expected("alcornoque");
    expect(want).toHaveLength(8);
    const got = await windowOf(sliced, { text: "alcornoque" });
    expect(got).toMatchObject({ total: 8, exhaustive: true });
    expect(got.ids).toEqual(want);
    expect(await sliced.matchingIds({ text: "alcornoque" }, ALL)).toEqual(want);
  });

  it("keeps the newest matches with a filter, and answers as one read of every match does", async () => {
    const want = expected("ribera", "fr");
    expect(want.length).toBeGreaterThan(WINDOW);
    const q: SearchQuery = { text: "ribera", filters: { languages: ["fr"] } };
    const got = await windowOf(sliced, q);
    expect(got.ids).toEqual(want.slice(0, WINDOW));
    for (const query of [{ text: "ribera" }, q, { text: "alcornoque ribera" }, { text: "informe" }]) {
      expect(await sliced.query(query, ALL), JSON.stringify(query)).toEqual(await whole.query(query, ALL));
    }
  });

  it("stays exact with stale boundaries (documents written and removed since they were read)", async () => {
    const stale = new PgSearchIndex(db(), { window: WINDOW, slices: [7, 21, 50], sliceTtlMs: 3_600_000 });
    await stale.query({ text: "ribera" }, ALL); // reads and keeps the boundaries
    const newer = Array.from({ length: 4 }, (_, k) => doc(200 + k, { body: "informe ribera" }));
    await stale.index(newer);
    await stale.remove(["need:s119", "need:s118", "need:s116"]);
    docs = [...docs.filter((d) => !["s119", "s118", "s116"].includes(d.entityId)), ...newer];
    const want = expected("ribera");
    expect((await windowOf(stale, { text: "ribera" })).ids).toEqual(want.slice(0, WINDOW));
    expect((await windowOf(stale, { text: "alcornoque" })).ids).toEqual(expected("alcornoque"));
  });
});
