// Coordination jobs (scheduled): call reminders (24 h and 1 h before) and action reminders (due within
// 3 days, overdue). Both are idempotent per person and reminder (see services/reminders.server.ts).
import { defineJob } from "../../../workers/registry";
import type { ScheduleDefinition } from "../../../workers/schedulers";
import { sendActionReminders, sendCallReminders } from "./services/reminders.server";

export const coordinationJobs = [
  defineJob("maintenance.call_reminders", async (_payload, ctx) => sendCallReminders(ctx.db)),
  defineJob("maintenance.action_reminders", async (_payload, ctx) => sendActionReminders(ctx.db)),
];

export const coordinationSchedules: ScheduleDefinition[] = [
  {
    id: "maintenance-call-reminders",
    queue: "maintenance",
    jobName: "maintenance.call_reminders",
    pattern: (env) => env.CALL_REMINDER_CRON,
  },
  {
    id: "maintenance-action-reminders",
    queue: "maintenance",
    jobName: "maintenance.action_reminders",
    pattern: (env) => env.ACTION_REMINDER_CRON,
  },
];
