// The forms of /secretariat/operations and its failed-jobs pages (messages are i18n keys).
import { z } from "zod";

export const sendDigestsSchema = z.object({
  intent: z.literal("send-digests"),
  frequency: z.enum(["daily", "weekly"], { error: "operations:errors.frequency" }),
});

export const rematchNeedSchema = z.object({
  intent: z.literal("rematch-need"),
  needId: z
    .string({ error: "operations:errors.needId" })
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "operations:errors.needId"),
});

export const rematchAllSchema = z.object({ intent: z.literal("rematch-all") });
export const reindexSchema = z.object({ intent: z.literal("reindex") });

export const jobActionSchema = z.object({
  intent: z.enum(["retry", "discard"]),
  jobId: z.string().min(1).max(200),
});
