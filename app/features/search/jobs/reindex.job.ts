// search.reindex: the whole index rebuilt from the database (the secretariat's "rebuild the search index");
// idempotent (the same documents every time).
import { z } from "zod";
import { defineJob } from "~/utils/jobs";

export const searchReindexJob = defineJob({
  name: "search.reindex",
  schema: z.object({}),
  // A large index takes minutes: keep the job's lock for as long.
  worker: { lockDuration: 600_000 },
  async handle(_payload, ctx) {
    const { reindexAll } = await import("../services/reindex.server");
    const result = await reindexAll({
      db: ctx.db,
      env: ctx.env,
      log: (message) => ctx.logger.info({ job: "search.reindex" }, message),
    });
    ctx.logger.info({ count: result.count, backend: result.backend, ms: result.ms }, "search index rebuilt");
    return result;
  },
});
