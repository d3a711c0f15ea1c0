// The matching feature's jobs (one file each under jobs/), listed in app/jobs.server.ts.
import { matchNeedJob } from "./jobs/match-need.job";
import { matchOfferJob } from "./jobs/match-offer.job";
import { rebalanceJob } from "./jobs/rebalance.job";

export const matchingJobs = [matchNeedJob, matchOfferJob, rebalanceJob];
