// search.index: keeps the search index in step with needs, offers and resources. Queued through the outbox by
// queueSearchIndex(tx, ...) in the transaction that changed the entity; BullMQ retries with backoff
// (workers/queues.ts), so a search backend outage delays indexing and loses nothing. Idempotent: the
// document is rebuilt from the database as it is now.
import { z } from "zod";
import { defineJob, recordId } from "~/utils/jobs";
import { getSearchIndex } from "../services/backend.server";

export const searchIndexJob = defineJob({
  name: "search.index",
  schema: z.object({ entityType: z.enum(["need", "offer", "resource"]), entityId: recordId }),
  async handle(payload, ctx) {
    const { syncSearchEntity } = await import("../services/indexing.server");
    const index = getSearchIndex({ db: ctx.db, env: ctx.env });
    const outcome = await syncSearchEntity(ctx.db, index, payload.entityType, payload.entityId);
    return { outcome, backend: index.backend };
  },
});
