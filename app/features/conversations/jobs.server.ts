// Conversation and document jobs (scheduled): the "new message" emails (every minute; batching is in
// the data: one per thread and reader per 15 minutes) and the sweep of held uploads nobody decided
// about (destroyed after an hour, documents feature).
import { defineJob } from "../../../workers/registry";
import { sweepExpiredHeld } from "~/features/documents/index.server";
import { sendMessageNotifications } from "./services/notify.server";

export const conversationJobs = [
  defineJob("maintenance.message_notifications", async (_payload, ctx) => sendMessageNotifications(ctx.db)),
  defineJob("maintenance.held_uploads", async () => ({ destroyed: await sweepExpiredHeld() })),
];

// Shaped like workers/schedulers.ts's ScheduleDefinition (see coordination/jobs.server.ts).
export const conversationSchedules = [
  {
    id: "maintenance-message-notifications",
    queue: "maintenance" as const,
    jobName: "maintenance.message_notifications",
    pattern: () => "* * * * *",
  },
  {
    id: "maintenance-held-uploads",
    queue: "maintenance" as const,
    jobName: "maintenance.held_uploads",
    pattern: () => "*/10 * * * *",
  },
];
