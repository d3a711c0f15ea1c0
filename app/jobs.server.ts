// Every background job of the features, as the routes file lists every URL: each is defined in one file of
// its feature (name, payload schema, schedules, idempotent handler; ~/utils/jobs). The outbox writer checks
// payloads against these schemas; the worker (workers/definitions.ts) runs this list, plus its own sweep.
import type { z } from "zod";
import { authJobs } from "~/features/auth/jobs.server";
import { conversationJobs } from "~/features/conversations/jobs.server";
import { coordinationJobs } from "~/features/coordination/jobs.server";
import { digestJobs } from "~/features/digest/jobs.server";
import { emailJobs } from "~/features/email/jobs.server";
import { engagementJobs } from "~/features/engagements/jobs.server";
import { legislationJobs } from "~/features/legislation/jobs.server";
import { matchingJobs } from "~/features/matching/jobs.server";
import { needJobs } from "~/features/needs/jobs.server";
import { operationsJobs } from "~/features/operations/jobs.server";
import { outreachJobs } from "~/features/outreach/jobs.server";
import { reviewJobs } from "~/features/review/jobs.server";
import { searchJobs } from "~/features/search/jobs.server";
import type { AnyJobDefinition } from "~/utils/jobs";

export const jobs = [
  ...engagementJobs,
  ...reviewJobs,
  ...authJobs,
  ...operationsJobs,
  ...emailJobs,
  ...digestJobs,
  ...coordinationJobs,
  ...conversationJobs,
  ...outreachJobs,
  ...needJobs,
  ...matchingJobs,
  ...searchJobs,
  ...legislationJobs,
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
