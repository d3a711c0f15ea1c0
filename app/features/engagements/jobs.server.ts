// The engagements feature's jobs (one file each under jobs/), listed in app/jobs.server.ts.
import { stallsJob } from "./jobs/stalls.job";

export const engagementJobs = [stallsJob];
