// Forms of country coordination (activities, ratings, calls, notes, actions), shared by browser and server.
// Error messages are i18n keys in the `coordination` namespace.
import { z } from "zod";
import { isValidTimeZone } from "./time";

const required = "coordination:errors.required";
const text = (max: number) =>
  z
    .string({ error: required })
    .trim()
    .min(1, { error: required })
    .max(max, { error: "coordination:errors.tooLong" });
const optionalText = (max: number) =>
  z.string().trim().max(max, { error: "coordination:errors.tooLong" }).optional();
const day = z
  .string({ error: required })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "coordination:errors.date" })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: "coordination:errors.date" });

export const activityKinds = [
  "legal",
  "digital_security",
  "advocacy",
  "research",
  "funding",
  "other",
] as const;
export const visibilities = ["network", "secretariat"] as const;
export const ratings = ["open", "narrowed", "obstructed", "repressed", "closed"] as const;
export const trends = ["improving", "stable", "worsening"] as const;
export const actionStatuses = ["open", "done", "dropped"] as const;
export const contentLanguages = ["en", "es", "fr", "pt", "ar", "ru"] as const;

export const activitySchema = z
  .object({
    intent: z.literal("create"),
    organisationId: z.string({ error: required }).min(1, { error: required }),
    kind: z.enum(activityKinds, { error: required }),
    summary: text(2000),
    contentLanguage: z.enum(contentLanguages, { error: required }),
    startsOn: day,
    endsOn: day.optional(),
    visibility: z.enum(visibilities, { error: required }),
  })
  .refine((v) => !v.endsOn || v.endsOn >= v.startsOn, {
    error: "coordination:errors.endBeforeStart",
    path: ["endsOn"],
  });

export const ratingSchema = z.object({
  intent: z.literal("rate"),
  rating: z.enum(ratings, { error: required }),
  trend: z.enum(trends, { error: required }),
  note: optionalText(1000),
});

export const scheduleCallSchema = z.object({
  intent: z.literal("schedule"),
  countryCode: z.string({ error: required }).regex(/^[A-Z]{2}$/, { error: required }),
  title: optionalText(200),
  localStart: z
    .string({ error: required })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: "coordination:errors.dateTime" }),
  timeZone: z.string({ error: required }).refine(isValidTimeZone, { error: "coordination:errors.timeZone" }),
  durationMinutes: z.coerce
    .number({ error: required })
    .int()
    .min(15, { error: "coordination:errors.duration" })
    .max(480, { error: "coordination:errors.duration" }),
  invitees: z
    .array(z.string().min(1), { error: "coordination:errors.invitees" })
    .min(1, { error: "coordination:errors.invitees" })
    .max(200),
  agendaNote: optionalText(2000),
});

export const noteSchema = z.object({
  intent: z.literal("note"),
  body: text(8000),
  contentLanguage: z.enum(contentLanguages, { error: required }),
  visibility: z.enum(visibilities, { error: required }),
});

export const actionSchema = z
  .object({
    intent: z.literal("action"),
    kind: z.enum(["need", "task"], { error: required }),
    title: text(200),
    description: optionalText(2000),
    categoryId: z.string().max(64).optional(),
    ownerOrganisationId: z.string().optional(),
    ownerUserId: z.string().optional(),
    dueOn: day.optional(),
    visibility: z.enum(visibilities, { error: required }),
  })
  .refine((v) => v.kind !== "need" || !!v.ownerOrganisationId, {
    error: "coordination:errors.needOwner",
    path: ["ownerOrganisationId"],
  })
  .refine((v) => v.kind !== "need" || !!v.categoryId, {
    error: "coordination:errors.needCategory",
    path: ["categoryId"],
  })
  .refine((v) => v.kind !== "task" || !!v.ownerOrganisationId || !!v.ownerUserId, {
    error: "coordination:errors.taskOwner",
    path: ["ownerOrganisationId"],
  });

export const followUpSchema = z.object({
  intent: z.literal("follow_up"),
  actionId: z.string().min(1),
  status: z.enum(actionStatuses, { error: required }),
  followUpNote: optionalText(1000),
});

export const toNeedSchema = z.object({ intent: z.literal("to_need"), actionId: z.string().min(1) });
export const callStatusSchema = z.object({ intent: z.enum(["mark_held", "cancel"]) });

export type ActivityInput = z.infer<typeof activitySchema>;
export type ScheduleCallInput = z.infer<typeof scheduleCallSchema>;
export type NoteInput = z.infer<typeof noteSchema>;
export type ActionInput = z.infer<typeof actionSchema>;
export type FollowUpInput = z.infer<typeof followUpSchema>;
