// digest.run: one per frequency on its cron (DIGEST_DAILY_CRON, DIGEST_WEEKLY_CRON). It builds the period's
// flow of recipient chunks; then, as the flow's parent (`summary`), records a summary once every chunk is
// done. Idempotent: the period is a key (a cron run computes it from its scheduled time, the same on every
// retry) and deliveries are claimed once per user and period.
import { z } from "zod";
import { mailQueueWorkerOptions } from "~/features/email/jobs.server";
import { defineJob } from "~/utils/jobs";
import { previousPeriod } from "../services/period";

export const digestRunJob = defineJob({
  name: "digest.run",
  schema: z.object({
    frequency: z.enum(["daily", "weekly"]),
    period: z.string().min(1).max(40).optional(),
    summary: z.boolean().optional(),
  }),
  schedules: [
    { id: "digest-daily", pattern: (env) => env.DIGEST_DAILY_CRON, data: { frequency: "daily" } },
    { id: "digest-weekly", pattern: (env) => env.DIGEST_WEEKLY_CRON, data: { frequency: "weekly" } },
  ],
  worker: mailQueueWorkerOptions,
  async handle({ frequency, period, summary }, ctx) {
    const { buildDigestRun, summariseRun } = await import("../services/run.server");
    // A cron job carries no period: it digests the last complete period before its scheduled time
    // (the same key on every retry).
    const key = period ?? previousPeriod(frequency, new Date(ctx.job.timestamp + (ctx.job.delay ?? 0)));
    if (summary) {
      const counts = await summariseRun(ctx.db, key);
      ctx.logger.info({ period: key, counts }, "digest run finished");
      return counts;
    }
    const built = await buildDigestRun({ db: ctx.db, queue: ctx.queues.digest }, { frequency, period: key });
    ctx.logger.info({ period: key, ...built }, "digest run built");
    return built;
  },
});
