// Forms of coordination calls (schedule, edit, agenda, notes, actions, RSVP, guests), shared by browser
// and server. Error messages are i18n keys in the `coordination` namespace.
import { z } from "zod";
import { isValidTimeZone } from "~/i18n/time-zones";

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
const checkbox = z
  .enum(["on", "true", "false", ""])
  .optional()
  .transform((v) => v === "on" || v === "true");

export const visibilities = ["network", "secretariat"] as const;
export const actionStatuses = ["open", "done", "dropped"] as const;
export const contentLanguages = ["en", "es", "fr", "pt", "ar", "ru"] as const;
export const rsvpAnswers = ["yes", "maybe", "no"] as const;

/** A meeting link: http(s) only (never javascript: or data:), no credentials in it. */
const meetingUrl = z
  .string()
  .trim()
  .max(500, { error: "coordination:errors.tooLong" })
  .refine(
    (v) => {
      if (!v) return true;
      try {
        const u = new URL(v);
        return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password;
      } catch {
        return false;
      }
    },
    { error: "coordination:errors.meetingUrl" },
  )
  .optional();

const callFields = {
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
  meetingUrl,
  place: optionalText(300),
  invitees: z
    .array(z.string().min(1), { error: "coordination:errors.invitees" })
    .min(1, { error: "coordination:errors.invitees" })
    .max(200),
  agendaNote: optionalText(2000),
};

export const scheduleCallSchema = z.object({
  intent: z.literal("schedule"),
  countryCode: z.string({ error: required }).regex(/^[A-Z]{2}$/, { error: required }),
  /** An exchange about a resource of the learning exchange (issue 23). */
  resourceId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "coordination:errors.resource" })
    .optional(),
  ...callFields,
});

export const updateCallSchema = z.object({ intent: z.literal("update"), ...callFields });

export const noteSchema = z.object({
  intent: z.literal("note"),
  body: text(8000),
  contentLanguage: z.enum(contentLanguages, { error: required }),
  visibility: z.enum(visibilities, { error: required }),
  sharedWithGuests: checkbox,
});

export const agendaItemSchema = z.object({
  intent: z.literal("agenda_item"),
  title: text(200),
  details: optionalText(2000),
  contentLanguage: z.enum(contentLanguages, { error: required }),
});

export const agendaMoveSchema = z.object({
  intent: z.literal("agenda_move"),
  itemId: z.string().min(1).max(64),
  direction: z.enum(["up", "down"]),
});
export const agendaRemoveSchema = z.object({
  intent: z.literal("agenda_remove"),
  itemId: z.string().min(1).max(64),
});
export const shareSchema = z.object({
  intent: z.literal("share"),
  kind: z.enum(["agenda", "note"]),
  id: z.string().min(1).max(64),
  shared: z.enum(["true", "false"]).transform((v) => v === "true"),
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
export const callStatusSchema = z.object({ intent: z.enum(["mark_held", "cancel", "close_follow_up"]) });
export const rsvpSchema = z.object({
  intent: z.literal("rsvp"),
  answer: z.enum(rsvpAnswers, { error: "coordination:errors.rsvpAnswer" }),
});

export const guestInviteSchema = z.object({
  intent: z.literal("guest_invite"),
  name: text(120),
  email: z
    .string({ error: required })
    .trim()
    .toLowerCase()
    .max(254, { error: "coordination:errors.tooLong" })
    .pipe(z.email({ error: "coordination:errors.email" })),
  affiliation: optionalText(120),
  locale: z.enum(["en", "es", "fr"], { error: required }),
  timeZone: z.string({ error: required }).refine(isValidTimeZone, { error: "coordination:errors.timeZone" }),
});
export const guestRevokeSchema = z.object({
  intent: z.literal("guest_revoke"),
  guestId: z.string().min(1).max(64),
});

export type ScheduleCallInput = z.infer<typeof scheduleCallSchema>;
export type UpdateCallInput = z.infer<typeof updateCallSchema>;
export type NoteInput = z.infer<typeof noteSchema>;
export type AgendaItemInput = z.infer<typeof agendaItemSchema>;
export type ActionInput = z.infer<typeof actionSchema>;
export type FollowUpInput = z.infer<typeof followUpSchema>;
export type GuestInviteInput = z.infer<typeof guestInviteSchema>;
