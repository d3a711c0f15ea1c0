// maintenance.revet_reminders (REVET_REMINDER_CRON): reminds the secretariat when an organisation is due
// for re-vetting, once per organisation and due date (services/applications.server.ts), so a retry or a
// second run sends nothing twice.
import { z } from "zod";
import { defineJob } from "~/utils/jobs";

export const revetRemindersJob = defineJob({
  name: "maintenance.revet_reminders",
  schema: z.object({}),
  schedules: [{ id: "maintenance-revet-reminders", pattern: (env) => env.REVET_REMINDER_CRON }],
  async handle(_payload, ctx) {
    const { sendRevetReminders } = await import("../services/job-services.server");
    return sendRevetReminders(ctx.db);
  },
});
