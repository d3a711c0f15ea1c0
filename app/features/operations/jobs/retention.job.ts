// maintenance.retention (daily): deletion of outbox, email and digest-delivery rows past their retention
// (ADR 0013; periods from OUTBOX_RETENTION_DAYS, EMAIL_RETENTION_DAYS, DIGEST_RETENTION_DAYS). Idempotent.
import { z } from "zod";
import { defineJob } from "~/utils/jobs";

export const retentionJob = defineJob({
  name: "maintenance.retention",
  schema: z.object({}),
  schedules: [{ id: "maintenance-retention", pattern: () => "41 3 * * *" }],
  async handle(_payload, ctx) {
    const { applyRetention } = await import("../services/retention.server");
    const deleted = await applyRetention(ctx.db, {
      outboxDays: ctx.env.OUTBOX_RETENTION_DAYS,
      emailDays: ctx.env.EMAIL_RETENTION_DAYS,
      digestDays: ctx.env.DIGEST_RETENTION_DAYS,
    });
    ctx.logger.info({ deleted }, "retention applied");
    return deleted;
  },
});
