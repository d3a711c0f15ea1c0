// The conversations feature's jobs (one file each under jobs/), listed in app/jobs.server.ts.
import { heldUploadsJob } from "./jobs/held-uploads.job";
import { messageNotificationsJob } from "./jobs/message-notifications.job";

export const conversationJobs = [messageNotificationsJob, heldUploadsJob];
