// search.index: keeps the search index in step with needs and offers. Queued through the outbox by
// queueSearchIndex(tx, ...) in the transaction that changed the entity; BullMQ retries with backoff
// (workers/queues.ts), so a search backend outage delays indexing and loses nothing.
import { getSearchIndex } from "~/features/search/search-index";
import { syncSearchEntity } from "~/features/search/services/indexing.server";
import { defineJob } from "../registry";

export const searchIndexJob = defineJob("search.index", async (payload, ctx) => {
  const index = getSearchIndex({ db: ctx.db, env: ctx.env });
  const outcome = await syncSearchEntity(ctx.db, index, payload.entityType, payload.entityId);
  return { outcome, backend: index.backend };
});
