// maintenance.retention: daily deletion of outbox, email and digest-delivery rows past their retention
// (ADR 0013; periods from OUTBOX_RETENTION_DAYS, EMAIL_RETENTION_DAYS, DIGEST_RETENTION_DAYS). Idempotent.
import { applyRetention } from "~/features/operations/services/retention.server";
import { defineJob } from "../registry";

export const retentionJob = defineJob("maintenance.retention", async (_payload, ctx) => {
  const deleted = await applyRetention(ctx.db, {
    outboxDays: ctx.env.OUTBOX_RETENTION_DAYS,
    emailDays: ctx.env.EMAIL_RETENTION_DAYS,
    digestDays: ctx.env.DIGEST_RETENTION_DAYS,
  });
  ctx.logger.info({ deleted }, "retention applied");
  return deleted;
});
