// npm run search:reindex — rebuilds the search index (PostgreSQL, or Meilisearch when MEILI_URL is set)
// from the needs and offers in the database, in batches. Safe while the app runs: searches keep working
// during the rebuild, and documents that should no longer be indexed are removed at the end.
import { readFileSync } from "node:fs";
import { getSearchIndex } from "~/features/search/search-index";
import { allSearchDocs } from "~/features/search/services/documents.server";
import { PgSearchIndex } from "~/features/search/services/pg-search-index.server";
import { createPrismaClient } from "~/utils/db.server";
import { loadEnvOrExit, sharedEnvSchema } from "~/utils/env-schema";

const env = loadEnvOrExit(sharedEnvSchema);
const client = createPrismaClient(env.DATABASE_URL, { max: 2, bulk: true });
const index = getSearchIndex({ db: client, env });
const batchSize = Number(process.env.SEARCH_REINDEX_BATCH ?? 1000);
const RUM_MIGRATION = "prisma/migrations/20261121180000_search_rum/migration.sql";

const started = Date.now();
try {
  let batches = 0;
  async function* progress() {
    for await (const batch of allSearchDocs(client, batchSize)) {
      batches++;
      if (batches % 20 === 0) console.log(`search:reindex: ${batches * batchSize} documents read…`);
      yield batch;
    }
  }
  if (index instanceof PgSearchIndex) {
    // The optional RUM index (ADR 0007), for a server that got the rum extension after the migrations
    // ran: the migration's own SQL again (it is idempotent).
    try {
      await client.$executeRawUnsafe(readFileSync(RUM_MIGRATION, "utf8"));
    } catch (error) {
      console.log(`search:reindex: RUM index not created (${(error as Error).message})`);
    }
    const ordered = await index.hasOrderedIndex();
    console.log(
      `search:reindex: text matches read newest first through ${ordered ? "the RUM index" : "the GIN index (no rum extension)"}`,
    );
  }
  const { count } = await index.reindex(progress());
  console.log(
    `search:reindex: ${count} documents indexed into ${index.backend} in ${Date.now() - started} ms`,
  );
} catch (error) {
  console.error(`search:reindex failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await client.$disconnect();
}
