// The digest feature's jobs (one file each under jobs/), listed in app/jobs.server.ts.
import { digestRecipientJob } from "./jobs/digest-recipient.job";
import { digestRunJob } from "./jobs/digest-run.job";
import { digestUrgentJob } from "./jobs/digest-urgent.job";

export const digestJobs = [digestRunJob, digestRecipientJob, digestUrgentJob];
