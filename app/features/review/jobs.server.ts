// The review feature's jobs (one file each under jobs/), listed in app/jobs.server.ts.
import { proposalsJob } from "./jobs/proposals.job";

export const reviewJobs = [proposalsJob];
