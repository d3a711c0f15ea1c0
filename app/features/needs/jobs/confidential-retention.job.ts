// maintenance.confidential_retention (CONFIDENTIAL_RETENTION_CRON, daily): destroys the confidential text
// and documents of needs closed CONFIDENTIAL_RETENTION_DAYS ago, one audited transaction per need
// (services/retention.server.ts). Idempotent: a destroyed need is not selected again.
import { z } from "zod";
import { defineJob } from "~/utils/jobs";
import { applyNeedRetention } from "../services/retention.server";

export const confidentialRetentionJob = defineJob({
  name: "maintenance.confidential_retention",
  schema: z.object({}),
  schedules: [
    { id: "maintenance-confidential-retention", pattern: (env) => env.CONFIDENTIAL_RETENTION_CRON },
  ],
  async handle(_payload, ctx) {
    const result = await applyNeedRetention(ctx.db, ctx.env.CONFIDENTIAL_RETENTION_DAYS);
    ctx.logger.info(result, "confidential retention applied");
    return result;
  },
});
