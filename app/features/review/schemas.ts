// One Zod schema per form of the review pages (server-side parsing with Conform; messages are i18n keys).
import { z } from "zod";

const id = z.string().trim().min(1).max(64);
const reason = z
  .string({ error: "review:errors.reasonRequired" })
  .trim()
  .min(1, "review:errors.reasonRequired")
  .max(2000, "review:errors.tooLong");

const approveSchema = z.object({ intent: z.literal("approve"), proposalId: id });
const rejectSchema = z.object({ intent: z.literal("reject"), proposalId: id, reason });
const bulkApproveSchema = z.object({
  intent: z.literal("bulk_approve"),
  proposalIds: z
    .array(id, { error: "review:errors.noneSelected" })
    .min(1, "review:errors.noneSelected")
    .max(100),
});
const proposeSchema = z.object({
  intent: z.literal("propose"),
  needId: id,
  offerId: id,
  approve: z.preprocess((v) => v === "on" || v === "true", z.boolean()).default(false),
});
export const reviewActionSchema = z.discriminatedUnion("intent", [
  approveSchema,
  rejectSchema,
  bulkApproveSchema,
  proposeSchema,
]);

const checked = z.preprocess((v) => v === "on" || v === "true", z.boolean());
const acceptSchema = z.object({
  intent: z.literal("accept"),
  conflictConfirmed: checked.refine((v) => v, "review:errors.conflictRequired"),
  confidentialityAccepted: checked.refine((v) => v, "review:errors.confidentialityRequired"),
});
const declineSchema = z.object({ intent: z.literal("decline"), reason });
export const expertResponseSchema = z.discriminatedUnion("intent", [acceptSchema, declineSchema]);

const confirmSchema = z.object({ intent: z.literal("confirm"), proposalId: id });
const coalitionDeclineSchema = z.object({ intent: z.literal("decline"), proposalId: id, reason });
export const coalitionDecisionSchema = z.discriminatedUnion("intent", [
  confirmSchema,
  coalitionDeclineSchema,
]);
