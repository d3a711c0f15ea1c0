// The contract between the web app and the worker: every background job is named here with the Zod
// schema of its payload. Payloads carry ids only, never content, so no confidential field can leak
// into Redis or a log through a job.
import { z } from "zod";

const id = z.string().min(1).max(64);

export const jobPayloads = {
  "search.index": z.object({ entityType: z.enum(["need", "offer"]), entityId: id }),
  // The whole index rebuilt from the database (the secretariat's "rebuild the search index").
  "search.reindex": z.object({}),
  "matching.need": z.object({ needId: id }),
  "matching.offer": z.object({ offerId: id }),
  "matching.rebalance": z.object({}),
  "email.send": z.object({ emailMessageId: id }),
  // digest.run: `period` is computed from the scheduled time when absent (cron); `summary` marks the
  // flow's parent job, which runs once every recipient chunk is done.
  "digest.run": z.object({
    frequency: z.enum(["daily", "weekly"]),
    period: z.string().min(1).max(40).optional(),
    summary: z.boolean().optional(),
  }),
  "digest.recipient": z.object({
    userIds: z.array(id).min(1).max(1000),
    frequency: z.enum(["daily", "weekly"]),
    period: z.string().min(1).max(40),
  }),
  "digest.urgent": z.object({ needId: id }),
  "maintenance.stalls": z.object({}),
  "maintenance.proposals": z.object({}),
  "maintenance.sessions": z.object({}),
  "maintenance.call_reminders": z.object({}),
  "maintenance.action_reminders": z.object({}),
  "maintenance.sweep": z.object({}),
  "maintenance.retention": z.object({}),
  "maintenance.message_notifications": z.object({}),
  "maintenance.held_uploads": z.object({}),
  // Destroys the confidential material of needs closed CONFIDENTIAL_RETENTION_DAYS ago (needs/jobs.server.ts).
  "maintenance.confidential_retention": z.object({}),
} as const;

export type JobName = keyof typeof jobPayloads;
export type JobPayload<N extends JobName> = z.infer<(typeof jobPayloads)[N]>;

export const queueNames = ["search", "matching", "email", "digest", "maintenance"] as const;
export type QueueName = (typeof queueNames)[number];

export function queueOf(name: JobName): QueueName {
  return name.split(".")[0] as QueueName;
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobPayloads, name);
}
