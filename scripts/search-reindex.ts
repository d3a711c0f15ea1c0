// npm run search:reindex — rebuilds the search index (PostgreSQL, or Meilisearch when MEILI_URL is set)
// from the needs and offers in the database, in batches. Safe while the app runs: searches keep working
// during the rebuild, and documents that should no longer be indexed are removed at the end.
import { getSearchIndex } from "~/features/search/search-index";
import { allSearchDocs } from "~/features/search/services/documents.server";
import { PgSearchIndex } from "~/features/search/services/pg-search-index.server";
import { createPrismaClient } from "~/utils/db.server";
import { loadEnvOrExit, sharedEnvSchema } from "~/utils/env-schema";

const env = loadEnvOrExit(sharedEnvSchema);
const client = createPrismaClient(env.DATABASE_URL, { max: 2 });
const index = getSearchIndex({ db: client, env });
const batchSize = Number(process.env.SEARCH_REINDEX_BATCH ?? 1000);

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
    // The optional RUM index (ADR 0007), for a server whose extension was installed after the migrations.
    const ordered = await index.ensureOrderedIndex();
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
