// maintenance.sweep: re-enqueues work PostgreSQL says is owed but Redis no longer carries (workers/sweeper.ts).
import { defineJob } from "../registry";
import { sweepOwedWork } from "../sweeper";

export const sweepJob = defineJob("maintenance.sweep", async (_payload, ctx) =>
  sweepOwedWork({
    db: ctx.db,
    queues: ctx.queues,
    graceSeconds: ctx.env.SWEEP_AFTER_SECONDS,
    logger: ctx.logger,
  }),
);
