// The coordination feature's jobs (one file each under jobs/), listed in app/jobs.server.ts.
import { actionRemindersJob } from "./jobs/action-reminders.job";
import { callRemindersJob } from "./jobs/call-reminders.job";

export const coordinationJobs = [callRemindersJob, actionRemindersJob];
