// The legislation tracker's jobs (one file each under jobs/), listed in app/jobs.server.ts.
import { legislationAlertJob } from "./jobs/legislation-alert.job";

export const legislationJobs = [legislationAlertJob];
