// Rebuilding the whole search index from the database, in batches: `npm run search:reindex` and the
// `search.reindex` job (the secretariat's "rebuild the search index" on /secretariat/operations) both
// call this. Safe while the app runs: searches keep working during the rebuild, and documents that should
// no longer be indexed are removed at the end. Running it twice gives the same index.
import { readFileSync } from "node:fs";
import type { PrismaClient } from "~/generated/prisma/client";
import { getSearchIndex, type SearchBackendConfig } from "./backend.server";
import { allSearchDocs } from "./documents.server";
import { PgSearchIndex } from "./pg-search-index.server";

const RUM_MIGRATION = "prisma/migrations/20261121180000_search_rum/migration.sql";

export type ReindexResult = { count: number; backend: string; ordered: boolean | null; ms: number };

export async function reindexAll(options: {
  db: PrismaClient;
  env: SearchBackendConfig;
  batchSize?: number;
  log?: (message: string) => void;
}): Promise<ReindexResult> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const batchSize = options.batchSize ?? 1000;
  const index = getSearchIndex({ db: options.db, env: options.env });
  let ordered: boolean | null = null;
  if (index instanceof PgSearchIndex) {
    // The optional RUM index (ADR 0007), for a server that got the rum extension after the migrations
    // ran: the migration's own SQL again (it is idempotent).
    try {
      await options.db.$executeRawUnsafe(readFileSync(RUM_MIGRATION, "utf8"));
    } catch (error) {
      log(`RUM index not created (${(error as Error).message})`);
    }
    ordered = await index.hasOrderedIndex();
  }
  let batches = 0;
  async function* progress() {
    for await (const batch of allSearchDocs(options.db, batchSize)) {
      batches++;
      if (batches % 20 === 0) log(`${batches * batchSize} documents read…`);
      yield batch;
    }
  }
  const { count } = await index.reindex(progress());
  return { count, backend: index.backend, ordered, ms: Date.now() - started };
}
