// The job kit (Documenso's job definitions): a feature defines each of its background jobs in one file —
// its name, the Zod schema of its payload, its schedules, the worker settings it needs and its idempotent
// handler — with `defineJob`; app/jobs.server.ts lists them; the worker (workers/) only imports that list.
// Payloads carry ids only, never content, so no confidential field can leak into Redis or a log through a
// job. Handlers must be idempotent: BullMQ retries, and the outbox may relay a row twice after a crash.
// A handler imports the services it runs when it runs (`await import(...)`): the list is imported by the
// outbox writer, which those services use, so a static import would make a cycle.
import { UnrecoverableError, type Job, type Queue } from "bullmq";
import type { Logger } from "pino";
import { z } from "zod";
import type { PrismaClient } from "~/generated/prisma/client";
import type { WorkerEnv } from "~/utils/env-schema";

export const queueNames = ["search", "matching", "email", "digest", "maintenance"] as const;
export type QueueName = (typeof queueNames)[number];
export type Queues = Record<QueueName, Queue>;

/** A job's name is `<queue>.<what>`: the queue it runs on is its first part. */
export type JobNameOf<Q extends QueueName = QueueName> = `${Q}.${string}`;

export function queueOf(name: string): QueueName {
  return name.split(".")[0] as QueueName;
}

export type JobContext = {
  db: PrismaClient;
  env: WorkerEnv;
  queues: Queues;
  logger: Logger;
  job: Job;
};

/** Per-queue worker settings a definition may ask for (merged over the queue's definitions). */
export type QueueWorkerOptions = {
  lockDuration?: number;
  stalledInterval?: number;
  maxStalledCount?: number;
};

/** A repeating run of the job, registered idempotently with BullMQ's job schedulers (workers/schedulers.ts). */
export type JobSchedule<P> = {
  /** The scheduler's id in Redis. */
  id: string;
  pattern: (env: WorkerEnv) => string;
  /** The payload of each scheduled run (default: none). */
  data?: P;
};

/** What the worker needs of any definition (the payload's type is the definition's own business). */
export type AnyJobDefinition = {
  readonly name: JobNameOf;
  readonly queue: QueueName;
  readonly schema: z.ZodType;
  readonly schedules: readonly JobSchedule<unknown>[];
  readonly worker?: QueueWorkerOptions;
  /** Checks the payload against the schema (unrecoverable when it does not fit) and runs the handler. */
  run(data: unknown, ctx: JobContext): Promise<unknown>;
};

export type JobDefinition<N extends JobNameOf, S extends z.ZodType> = AnyJobDefinition & {
  readonly name: N;
  readonly schema: S;
  readonly schedules: readonly JobSchedule<z.input<S>>[];
  readonly handle: (payload: z.output<S>, ctx: JobContext) => Promise<unknown>;
};

export function defineJob<const N extends JobNameOf, S extends z.ZodType>(definition: {
  name: N;
  schema: S;
  schedules?: JobSchedule<z.input<S>>[];
  worker?: QueueWorkerOptions;
  handle: (payload: z.output<S>, ctx: JobContext) => Promise<unknown>;
}): JobDefinition<N, S> {
  const { name, schema, handle } = definition;
  return {
    name,
    queue: queueOf(name),
    schema,
    schedules: definition.schedules ?? [],
    worker: definition.worker,
    handle,
    async run(data, ctx) {
      const parsed = schema.safeParse(data);
      if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${name}`);
      return handle(parsed.data, ctx);
    },
  };
}

/** The id of a record a payload names (payloads carry ids, never content). */
export const recordId = z.string().min(1).max(64);
