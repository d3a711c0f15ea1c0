// Reaching-out jobs (scheduled): re-vetting reminders to the secretariat, once per organisation and due
// date (see services/applications.server.ts `sendRevetReminders`).
import { defineJob } from "../../../workers/registry";
import type { WorkerEnv } from "~/utils/env-schema";
import { sendRevetReminders } from "./services/applications.server";

export const outreachJobs = [
  defineJob("maintenance.revet_reminders", async (_payload, ctx) => sendRevetReminders(ctx.db)),
];

// Shaped like workers/schedulers.ts's ScheduleDefinition, without importing it (see coordination's).
export const outreachSchedules = [
  {
    id: "maintenance-revet-reminders",
    queue: "maintenance" as const,
    jobName: "maintenance.revet_reminders",
    pattern: (env: WorkerEnv) => env.REVET_REMINDER_CRON,
  },
];
