// All job definitions the worker runs. A feature adds its jobs here.
import type { JobDefinition } from "./registry";
import { digestJobs } from "~/features/digest/jobs.server";
import { emailJobs } from "~/features/email/jobs.server";
import { coordinationJobs } from "~/features/coordination/jobs.server";
import { conversationJobs } from "~/features/conversations/jobs.server";
import { needJobs } from "~/features/needs/jobs.server";
import { searchIndexJob, searchReindexJob } from "./jobs/search-index";
import { proposalsJob, stallsJob } from "./jobs/maintenance";
import { sessionsJob } from "./jobs/sessions";
import { sweepJob } from "./jobs/sweep";
import { retentionJob } from "./jobs/retention";
import { matchNeedJob, matchOfferJob, rebalanceJob } from "./jobs/matching";

export const definitions: JobDefinition[] = [
  stallsJob as JobDefinition,
  proposalsJob as JobDefinition,
  sessionsJob as JobDefinition,
  sweepJob as JobDefinition,
  retentionJob as JobDefinition,
  ...(emailJobs as JobDefinition[]),
  ...(digestJobs as JobDefinition[]),
  ...(coordinationJobs as JobDefinition[]),
  ...(conversationJobs as JobDefinition[]),
  ...(needJobs as JobDefinition[]),
  matchNeedJob as JobDefinition,
  matchOfferJob as JobDefinition,
  rebalanceJob as JobDefinition,
  searchIndexJob as JobDefinition,
  searchReindexJob as JobDefinition,
];
