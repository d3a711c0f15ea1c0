// One Zod schema per form of the engagement workspace (messages are i18n keys).
import { z } from "zod";

const body = z
  .string({ error: "engagements:errors.bodyRequired" })
  .trim()
  .min(1, "engagements:errors.bodyRequired")
  .max(5000, "engagements:errors.tooLong");
const optionalNumber = z.preprocess(
  (v) => (v === "" || v === undefined || v === null ? undefined : Number(String(v).replace(",", "."))),
  z
    .number({ error: "engagements:errors.hoursInvalid" })
    .min(0, "engagements:errors.hoursInvalid")
    .max(1000, "engagements:errors.hoursInvalid")
    .optional(),
);

const updateSchema = z.object({
  intent: z.literal("update"),
  body,
  hours: optionalNumber,
  milestone: z.string().trim().max(200, "engagements:errors.tooLong").optional(),
});
const problemSchema = z.object({ intent: z.literal("problem"), body });
/** One side asks to close with the outcome (the other side or the secretariat confirms: issue 21). */
const closeSchema = z.object({
  intent: z.literal("close"),
  outcome: z.enum(["achieved", "partly_achieved", "not_achieved", "cancelled"], {
    error: "engagements:errors.outcomeRequired",
  }),
  note: z.string().trim().max(5000, "engagements:errors.tooLong").optional(),
});
const requestId = z.string({ error: "review:errors.invalidInput" }).trim().min(1).max(64);
/** The other side or the secretariat confirms the pending request: the engagement closes. */
const confirmCloseSchema = z.object({ intent: z.literal("confirm_close"), requestId });
/** … or declines it, saying why (the engagement stays active). */
const declineCloseSchema = z.object({
  intent: z.literal("decline_close"),
  requestId,
  note: z
    .string({ error: "engagements:errors.declineNoteRequired" })
    .trim()
    .min(1, "engagements:errors.declineNoteRequired")
    .max(5000, "engagements:errors.tooLong"),
});
/** The side that asked withdraws its request. */
const withdrawCloseSchema = z.object({ intent: z.literal("withdraw_close"), requestId });
const feedbackSchema = z.object({
  intent: z.literal("feedback"),
  rating: z.coerce
    .number({ error: "engagements:errors.ratingRequired" })
    .int()
    .min(1, "engagements:errors.ratingRequired")
    .max(5, "engagements:errors.ratingRequired"),
  comment: z.string().trim().max(5000, "engagements:errors.tooLong").optional(),
});
/** The coalition shows (or stops showing) its members' email addresses to the expert. */
const shareContactsSchema = z.object({
  intent: z.literal("share_contacts"),
  share: z.enum(["yes", "no"]),
});
export const workspaceActionSchema = z.discriminatedUnion("intent", [
  updateSchema,
  problemSchema,
  closeSchema,
  confirmCloseSchema,
  declineCloseSchema,
  withdrawCloseSchema,
  feedbackSchema,
  shareContactsSchema,
]);
