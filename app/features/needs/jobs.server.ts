// maintenance.confidential_retention (scheduled, CONFIDENTIAL_RETENTION_CRON, daily): destroys the
// confidential text and documents of needs closed CONFIDENTIAL_RETENTION_DAYS ago, one audited
// transaction per need (services/retention.server.ts). Idempotent: a destroyed need is not selected again.
import { defineJob } from "../../../workers/registry";
import type { WorkerEnv } from "~/utils/env-schema";
import { applyNeedRetention } from "./services/retention.server";

export const needJobs = [
  defineJob("maintenance.confidential_retention", async (_payload, ctx) => {
    const result = await applyNeedRetention(ctx.db, ctx.env.CONFIDENTIAL_RETENTION_DAYS);
    ctx.logger.info(result, "confidential retention applied");
    return result;
  }),
];

// Shaped like workers/schedulers.ts's ScheduleDefinition (see coordination/jobs.server.ts).
export const needSchedules = [
  {
    id: "maintenance-confidential-retention",
    queue: "maintenance" as const,
    jobName: "maintenance.confidential_retention",
    pattern: (env: WorkerEnv) => env.CONFIDENTIAL_RETENTION_CRON,
  },
];
