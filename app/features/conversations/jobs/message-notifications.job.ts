// maintenance.message_notifications (every minute): the "new message" emails; batching is in the data
// (one per thread and reader per 15 minutes), so a retry sends nothing twice.
import { z } from "zod";
import { defineJob } from "~/utils/jobs";

export const messageNotificationsJob = defineJob({
  name: "maintenance.message_notifications",
  schema: z.object({}),
  schedules: [{ id: "maintenance-message-notifications", pattern: () => "* * * * *" }],
  async handle(_payload, ctx) {
    const { sendMessageNotifications } = await import("../services/notify.server");
    return sendMessageNotifications(ctx.db);
  },
});
