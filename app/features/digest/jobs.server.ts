// Digest jobs: `digest.run` (cron, one per frequency; builds the period's flow, then — as the flow's
// parent — records a summary), `digest.recipient` (a chunk of users), `digest.urgent` (one critical need).
import { mailer } from "~/features/email/index.server";
import { mailQueueWorkerOptions, rescheduleWhenExhausted } from "~/features/email/jobs.server";
import { defineJob } from "../../../workers/registry";
import type { ScheduleDefinition } from "../../../workers/schedulers";
import { deliverDigestChunk } from "./services/deliver.server";
import { previousPeriod } from "./services/period";
import { buildDigestRun, summariseRun } from "./services/run.server";
import { sendUrgentAlerts } from "./services/urgent.server";

export const digestJobs = [
  defineJob(
    "digest.run",
    async ({ frequency, period, summary }, ctx) => {
      // A cron job carries no period: it digests the last complete period before its scheduled time
      // (the same key on every retry).
      const key = period ?? previousPeriod(frequency, new Date(ctx.job.timestamp + (ctx.job.delay ?? 0)));
      if (summary) {
        const counts = await summariseRun(ctx.db, key);
        ctx.logger.info({ period: key, counts }, "digest run finished");
        return counts;
      }
      const built = await buildDigestRun(
        { db: ctx.db, queue: ctx.queues.digest },
        { frequency, period: key },
      );
      ctx.logger.info({ period: key, ...built }, "digest run built");
      return built;
    },
    mailQueueWorkerOptions,
  ),
  defineJob(
    "digest.recipient",
    async (payload, ctx) => {
      try {
        return await deliverDigestChunk({ db: ctx.db, mailer: mailer(), logger: ctx.logger }, payload);
      } catch (error) {
        if (await rescheduleWhenExhausted(ctx, error)) return "rescheduled";
        throw error;
      }
    },
    mailQueueWorkerOptions,
  ),
  defineJob(
    "digest.urgent",
    async ({ needId }, ctx) => {
      try {
        return await sendUrgentAlerts({ db: ctx.db, mailer: mailer(), logger: ctx.logger }, needId);
      } catch (error) {
        if (await rescheduleWhenExhausted(ctx, error)) return "rescheduled";
        throw error;
      }
    },
    mailQueueWorkerOptions,
  ),
];

export const digestSchedules: ScheduleDefinition[] = [
  {
    id: "digest-daily",
    queue: "digest",
    jobName: "digest.run",
    pattern: (env) => env.DIGEST_DAILY_CRON,
    data: { frequency: "daily" },
  },
  {
    id: "digest-weekly",
    queue: "digest",
    jobName: "digest.run",
    pattern: (env) => env.DIGEST_WEEKLY_CRON,
    data: { frequency: "weekly" },
  },
];
