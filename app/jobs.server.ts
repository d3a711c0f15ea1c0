// Every background job of the features, as the routes file lists every URL: each is defined in one file of
// its feature (name, payload schema, schedules, idempotent handler; ~/utils/jobs). The outbox writer checks
// payloads against these schemas; the worker (workers/definitions.ts) runs this list, plus its own sweep.
import type { z } from "zod";
import { stallsJob } from "~/features/engagements/jobs/stalls.job";
import { proposalsJob } from "~/features/review/jobs/proposals.job";
import { sessionsJob } from "~/features/auth/jobs/sessions.job";
import { retentionJob } from "~/features/operations/jobs/retention.job";
import { emailJobs } from "~/features/email/jobs.server";
import { digestJobs } from "~/features/digest/jobs.server";
import { coordinationJobs } from "~/features/coordination/jobs.server";
import { matchNeedJob } from "~/features/matching/jobs/match-need.job";
import { matchOfferJob } from "~/features/matching/jobs/match-offer.job";
import { rebalanceJob } from "~/features/matching/jobs/rebalance.job";
import { searchIndexJob } from "~/features/search/jobs/index-entity.job";
import { searchReindexJob } from "~/features/search/jobs/reindex.job";
import type { AnyJobDefinition } from "~/utils/jobs";

export const jobs = [
  stallsJob,
  proposalsJob,
  sessionsJob,
  retentionJob,
  ...emailJobs,
  ...digestJobs,
  ...coordinationJobs,
  matchNeedJob,
  matchOfferJob,
  rebalanceJob,
  searchIndexJob,
  searchReindexJob,
];

type Job = (typeof jobs)[number];
export type JobName = Job["name"];
/** What a caller hands to `enqueue` for the job `N`. */
export type JobPayload<N extends JobName> = z.input<Extract<Job, { name: N }>["schema"]>;

const byName = new Map<string, AnyJobDefinition>(jobs.map((job) => [job.name, job]));

/** The definition of a feature's job, by name. */
export function jobNamed(name: string): AnyJobDefinition | undefined {
  return byName.get(name);
}

/** The payload as the job's schema keeps it (unknown keys dropped); throws when it does not fit. */
export function checkedPayload(name: JobName, payload: unknown): unknown {
  const job = byName.get(name);
  if (!job) throw new Error(`Unknown job ${name}`);
  return job.schema.parse(payload);
}
