// The needs feature's jobs (one file each under jobs/), listed in app/jobs.server.ts.
import { confidentialRetentionJob } from "./jobs/confidential-retention.job";

export const needJobs = [confidentialRetentionJob];
