// The optional RUM index (ADR 0007): present exactly when the server has the `rum` extension, and
// invisible in results: every query answers the same through it as through the GIN index alone.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchScope, type SearchScope } from "~/features/auth/policy";
import type { SearchQuery } from "~/features/search/search-index";
import { allSearchDocs } from "~/features/search/services/documents.server";
import { loadSearchScope } from "~/features/search/services/scope.server";
import { PgSearchIndex } from "~/features/search/services/pg-search-index.server";
import { db } from "~/utils/db.server";
import { closeSqlPools, sqlPool } from "~/utils/sql.server";
import { createSearchFixtures, type SearchFixtures } from "./fixtures";

afterAll(() => closeSqlPools());

describe("the RUM index for text search", () => {
  let fx: SearchFixtures;
  let available: boolean;
  let ordered: PgSearchIndex;
  let orderedTx: PgSearchIndex;
  let gin: PgSearchIndex;
  let ordered3: PgSearchIndex;
  let gin3: PgSearchIndex;

  beforeAll(async () => {
    [{ available }] = await db().$queryRaw<[{ available: boolean }]>`
      SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') AS available`;
    ordered = new PgSearchIndex(db());
    // With its own pool and no steered pool, steered statements run in a transaction (bench:search).
    orderedTx = new PgSearchIndex(db(), { pool: sqlPool() });
    gin = new PgSearchIndex(db(), { orderedIndex: false });
    // A window of 3: which matches are "the newest" then decides what a query counts and shows.
    ordered3 = new PgSearchIndex(db(), { window: 3 });
    gin3 = new PgSearchIndex(db(), { window: 3, orderedIndex: false });
    fx = await createSearchFixtures();
    await ordered.reindex(allSearchDocs(db()));
  });

  it("exists exactly when the server has the extension, and running its migration again changes nothing", async () => {
    expect(await ordered.hasOrderedIndex()).toBe(available);
    // What search:reindex does for a server that got the extension late.
    await db().$executeRawUnsafe(
      readFileSync("prisma/migrations/20261121180000_search_rum/migration.sql", "utf8"),
    );
    expect(await new PgSearchIndex(db()).hasOrderedIndex()).toBe(available);
  });

  it("answers every query as the GIN index does, in every scope", async (ctx) => {
    // Reported as skipped on a server without the extension (the contract then runs on GIN only).
    if (!available) ctx.skip();
    const scopes: Array<[string, SearchScope]> = [
      ["secretariat", searchScope(fx.viewers.secretariat)],
      ["expert", await loadSearchScope(fx.viewers.expert)],
      ["expert2", await loadSearchScope(fx.viewers.expert2)],
      ["unverified", await loadSearchScope(fx.viewers.unverified)],
    ];
    const queries: SearchQuery[] = [
      { text: "organizacion" },
      { text: "ley registro" },
      { text: "derechos", entityType: "need" },
      { text: "proteccion", sort: "newest" },
      { text: "formacion digital", entityType: "offer" },
      { text: "ley", filters: { countryCodes: ["MX"] } },
      { text: "litigio", filters: { regions: ["sub_saharan_africa"] }, sort: "urgency" },
      { text: "organizaciones", pageSize: 2, page: 2 },
      { text: "zzzz nada" },
    ];
    let compared = 0;
    for (const [name, scope] of scopes) {
      for (const q of queries) {
        const label = `${name} ${JSON.stringify(q)}`;
        const match = { text: q.text, entityType: q.entityType, filters: q.filters };
        for (const [a, b] of [
          [ordered, gin],
          [orderedTx, gin],
          [ordered3, gin3],
        ] as const) {
          expect(await a.query(q, scope), label).toEqual(await b.query(q, scope));
          expect(await a.matchingIds(match, scope), label).toEqual(await b.matchingIds(match, scope));
        }
        compared++;
      }
    }
    expect(compared).toBe(scopes.length * queries.length);
    // The comparison is not between empty answers, and the small window does cut.
    const some = await ordered3.query({ text: "organizacion" }, scopes[0]![1]);
    expect(some).toMatchObject({ total: 3, exhaustive: false });
  });
});
