// All job definitions the worker runs. A feature adds its jobs here.
import type { JobDefinition } from "./registry";
import { searchIndexJob } from "./jobs/search-index";
import { matchNeedJob, matchOfferJob, rebalanceJob } from "./jobs/matching";

export const definitions: JobDefinition[] = [
  matchNeedJob as JobDefinition,
  matchOfferJob as JobDefinition,
  rebalanceJob as JobDefinition,
  searchIndexJob as JobDefinition];
