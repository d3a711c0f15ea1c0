// Repeating work, registered idempotently with BullMQ job schedulers (upsert: restarting the worker or
// running several workers never creates duplicate schedules).
import type { WorkerEnv } from "~/utils/env-schema";
import type { Queues } from "./queues";
import { digestSchedules } from "~/features/digest/jobs.server";
import { coordinationSchedules } from "~/features/coordination/jobs.server";

export type ScheduleDefinition = {
  id: string;
  queue: keyof Queues;
  jobName: string;
  pattern: (env: WorkerEnv) => string;
  /** The job's payload (default: none). */
  data?: Record<string, unknown>;
};

export const schedules: ScheduleDefinition[] = [
  ...digestSchedules,
  ...coordinationSchedules,
  {
    id: "maintenance-stalls",
    queue: "maintenance",
    jobName: "maintenance.stalls",
    pattern: (env) => env.STALL_CHECK_CRON,
  },
  {
    id: "maintenance-proposals",
    queue: "maintenance",
    jobName: "maintenance.proposals",
    pattern: (env) => env.STALL_CHECK_CRON,
  },
  {
    id: "maintenance-sessions",
    queue: "maintenance",
    jobName: "maintenance.sessions",
    pattern: () => "17 * * * *",
  },
  {
    id: "matching-rebalance",
    queue: "matching",
    jobName: "matching.rebalance",
    pattern: (env) => env.MATCH_REBALANCE_CRON,
  },
];

export async function registerSchedulers(queues: Queues, env: WorkerEnv) {
  for (const s of schedules) {
    await queues[s.queue].upsertJobScheduler(
      s.id,
      { pattern: s.pattern(env) },
      { name: s.jobName, data: s.data ?? {} },
    );
  }
}
