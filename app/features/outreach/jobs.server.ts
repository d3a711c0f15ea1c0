// The reaching-out feature's jobs (one file each under jobs/), listed in app/jobs.server.ts.
import { revetRemindersJob } from "./jobs/revet-reminders.job";

export const outreachJobs = [revetRemindersJob];
