// search.index: keeps the search index in step with needs and offers. Queued through the outbox by
// queueSearchIndex(tx, ...) in the transaction that changed the entity; BullMQ retries with backoff
// (workers/queues.ts), so a search backend outage delays indexing and loses nothing.
import { getSearchIndex } from "~/features/search/index.server";
import { syncSearchEntity } from "~/features/search/services/indexing.server";
import { reindexAll } from "~/features/search/services/reindex.server";
import { defineJob } from "../registry";

export const searchIndexJob = defineJob("search.index", async (payload, ctx) => {
  const index = getSearchIndex({ db: ctx.db, env: ctx.env });
  const outcome = await syncSearchEntity(ctx.db, index, payload.entityType, payload.entityId);
  return { outcome, backend: index.backend };
});

/** search.reindex: the whole index from the database; idempotent (the same documents every time). */
export const searchReindexJob = defineJob(
  "search.reindex",
  async (_payload, ctx) => {
    const result = await reindexAll({
      db: ctx.db,
      env: ctx.env,
      log: (message) => ctx.logger.info({ job: "search.reindex" }, message),
    });
    ctx.logger.info({ count: result.count, backend: result.backend, ms: result.ms }, "search index rebuilt");
    return result;
  },
  // A large index takes minutes: keep the job's lock for as long.
  { lockDuration: 600_000 },
);
