// The auth feature's jobs (one file each under jobs/), listed in app/jobs.server.ts.
import { sessionsJob } from "./jobs/sessions.job";

export const authJobs = [sessionsJob];
