// The PostgreSQL SearchIndex as on a server without the `rum` extension (ADR 0007): the same contract,
// with text matches read through the GIN index only.
import { afterAll, describe } from "vitest";
import { PgSearchIndex } from "~/features/search/services/pg-search-index.server";
import { db } from "~/utils/db.server";
import { closeSqlPools } from "~/utils/sql.server";
import { searchContract } from "./contract";

// The search pool of this file's database is closed before the database is dropped.
afterAll(() => closeSqlPools());
describe("PostgreSQL search index without the RUM index: contract", () => {
  searchContract(async () => new PgSearchIndex(db(), { orderedIndex: false }));
});
