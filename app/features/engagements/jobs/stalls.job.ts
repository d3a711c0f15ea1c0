// maintenance.stalls (STALL_CHECK_CRON): active engagements without activity for ENGAGEMENT_STALL_DAYS are
// flagged once and the secretariat told once per stall. Idempotent: each is moved by a conditional update.
import { z } from "zod";
import { defineJob } from "~/utils/jobs";

export const stallsJob = defineJob({
  name: "maintenance.stalls",
  schema: z.object({}),
  schedules: [{ id: "maintenance-stalls", pattern: (env) => env.STALL_CHECK_CRON }],
  async handle(_payload, ctx) {
    const { detectStalledEngagements } = await import("../services/job-services.server");
    return detectStalledEngagements(ctx.db, ctx.env.ENGAGEMENT_STALL_DAYS);
  },
});
