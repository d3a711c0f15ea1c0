// maintenance.sweep (SWEEP_CRON, and at start and after Redis lost the schedules: workers/index.ts):
// re-enqueues work PostgreSQL says is owed but Redis no longer carries (workers/sweeper.ts). The worker's
// own job, not a feature's: it is part of the queue machinery. Idempotent (every handler it re-runs is).
import { z } from "zod";
import { defineJob } from "~/utils/jobs";
import { sweepOwedWork } from "../sweeper";

export const sweepJob = defineJob({
  name: "maintenance.sweep",
  schema: z.object({}),
  schedules: [{ id: "maintenance-sweep", pattern: (env) => env.SWEEP_CRON }],
  async handle(_payload, ctx) {
    return sweepOwedWork({
      db: ctx.db,
      queues: ctx.queues,
      graceSeconds: ctx.env.SWEEP_AFTER_SECONDS,
      logger: ctx.logger,
    });
  },
});
