// The operations feature's jobs (one file each under jobs/), listed in app/jobs.server.ts.
import { retentionJob } from "./jobs/retention.job";

export const operationsJobs = [retentionJob];
