// The search feature's jobs (one file each under jobs/), listed in app/jobs.server.ts.
import { searchIndexJob } from "./jobs/index-entity.job";
import { searchReindexJob } from "./jobs/reindex.job";

export const searchJobs = [searchIndexJob, searchReindexJob];
