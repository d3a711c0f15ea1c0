// npm run search:reindex — rebuilds the search index (PostgreSQL, or Meilisearch when MEILI_URL is set)
// from the needs and offers in the database, in batches (reindexAll). Safe while the app runs: searches
// keep working during the rebuild, and documents that should no longer be indexed are removed at the end.
// The secretariat can do the same from /secretariat/operations (a `search.reindex` job).
import { reindexAll } from "~/features/search/services/reindex.server";
import { createPrismaClient } from "~/utils/db.server";
import { loadEnvOrExit, sharedEnvSchema } from "~/utils/env-schema";

const env = loadEnvOrExit(sharedEnvSchema);
const client = createPrismaClient(env.DATABASE_URL, { max: 2, bulk: true });

try {
  const result = await reindexAll({
    db: client,
    env,
    batchSize: Number(process.env.SEARCH_REINDEX_BATCH ?? 1000),
    log: (message) => console.log(`search:reindex: ${message}`),
  });
  if (result.ordered !== null) {
    console.log(
      `search:reindex: text matches read newest first through ${result.ordered ? "the RUM index" : "the GIN index (no rum extension)"}`,
    );
  }
  console.log(`search:reindex: ${result.count} documents indexed into ${result.backend} in ${result.ms} ms`);
} catch (error) {
  console.error(`search:reindex failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await client.$disconnect();
}
