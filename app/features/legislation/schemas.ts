// Forms of the legislation tracker (shared by browser and server). Error messages are i18n keys in the
// `legislation` namespace.
import { z } from "zod";
import { contentLanguages } from "~/features/coordination/schemas";
import { legislationTable } from "~/utils/lifecycle/legislation";

const required = "legislation:errors.required";
const tooLong = "legislation:errors.tooLong";

export const legislationKinds = ["bill", "law", "decree"] as const;
export const spaceDirections = ["closing", "opening"] as const;
export const legislationStages = legislationTable.statuses;
const stageActions = legislationTable.actions;
/** What a text can be linked to (resources: the learning exchange's library). */
export const linkKinds = ["need", "call", "engagement", "resource"] as const;
export { contentLanguages };

const day = z
  .string({ error: required })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "legislation:errors.date" })
  // A day that exists: Date.parse takes 2026-02-31 for 3 March.
  .refine(
    (v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= "1900-01-01";
    },
    { error: "legislation:errors.date" },
  )
  // A stage recorded for the future is a mistake (a planned vote is not a stage yet).
  .refine((v) => v <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), {
    error: "legislation:errors.future",
  });

const details = {
  kind: z.enum(legislationKinds, { error: required }),
  title: z.string({ error: required }).trim().min(3, { error: required }).max(200, { error: tooLong }),
  summary: z.string().trim().max(2000, { error: tooLong }).default(""),
  contentLanguage: z.enum(contentLanguages, { error: required }),
  reference: z.string().trim().max(200, { error: tooLong }).optional(),
  direction: z.enum(spaceDirections, { error: required }),
};

export const recordSchema = z.object({
  intent: z.literal("record"),
  countryCode: z
    .string({ error: required })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, { error: required }),
  ...details,
  stage: z.enum(legislationStages, { error: required }),
  stageOn: day,
});

export const editSchema = z.object({ intent: z.literal("edit"), ...details });

export const stageSchema = z.object({
  intent: z.literal("stage"),
  action: z.enum(stageActions, { error: required }),
  occurredOn: day,
  note: z.string().trim().max(1000, { error: tooLong }).optional(),
});

export const linkSchema = z.object({
  intent: z.literal("link"),
  kind: z.enum(linkKinds, { error: required }),
  targetId: z
    .string({ error: required })
    .trim()
    .min(1, { error: required })
    .max(64, { error: tooLong })
    // Accepts a pasted URL (/needs/<id>) as well as the bare id.
    .transform((v) => v.replace(/\/+$/, "").split("/").pop() ?? v),
});

export const unlinkSchema = z.object({ intent: z.literal("unlink"), linkId: z.string().min(1).max(64) });

export type RecordInput = z.infer<typeof recordSchema>;
export type EditInput = z.infer<typeof editSchema>;
export type StageInput = z.infer<typeof stageSchema>;
export type LinkInput = z.infer<typeof linkSchema>;
