// Coordination jobs (scheduled): call reminders (24 h and 1 h before) and action reminders (due within
// 3 days, overdue). Both are idempotent per person and reminder (see services/reminders.server.ts).
import { defineJob } from "../../../workers/registry";
import type { WorkerEnv } from "~/utils/env-schema";
import { sendActionReminders, sendCallReminders } from "./services/reminders.server";

export const coordinationJobs = [
  defineJob("maintenance.call_reminders", async (_payload, ctx) => sendCallReminders(ctx.db)),
  defineJob("maintenance.action_reminders", async (_payload, ctx) => sendActionReminders(ctx.db)),
];

// Shaped like workers/schedulers.ts's ScheduleDefinition (checked where that list spreads them), without
// importing it: the worker imports features, never the other way round.
export const coordinationSchedules = [
  {
    id: "maintenance-call-reminders",
    queue: "maintenance" as const,
    jobName: "maintenance.call_reminders",
    pattern: (env: WorkerEnv) => env.CALL_REMINDER_CRON,
  },
  {
    id: "maintenance-action-reminders",
    queue: "maintenance" as const,
    jobName: "maintenance.action_reminders",
    pattern: (env: WorkerEnv) => env.ACTION_REMINDER_CRON,
  },
];
