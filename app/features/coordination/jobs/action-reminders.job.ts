// maintenance.action_reminders (ACTION_REMINDER_CRON): actions due within 3 days, and overdue ones.
// Idempotent per person and reminder (services/reminders.server.ts).
import { z } from "zod";
import { defineJob } from "~/utils/jobs";

export const actionRemindersJob = defineJob({
  name: "maintenance.action_reminders",
  schema: z.object({}),
  schedules: [{ id: "maintenance-action-reminders", pattern: (env) => env.ACTION_REMINDER_CRON }],
  async handle(_payload, ctx) {
    const { sendActionReminders } = await import("../services/reminders.server");
    return sendActionReminders(ctx.db);
  },
});
