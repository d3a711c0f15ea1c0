// The email feature's jobs (one file each under jobs/), listed in app/jobs.server.ts.
import { sendEmailJob } from "./jobs/send-email.job";

export { mailQueueWorkerOptions, rescheduleWhenExhausted } from "./jobs/mail-retry";
export const emailJobs = [sendEmailJob];
