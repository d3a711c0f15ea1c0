// One Zod schema per form of the reach-out pages (server-side parsing with Conform; messages are i18n keys).
import { z } from "zod";

const id = z
  .string({ error: "outreach:errors.chooseOne" })
  .trim()
  .min(1, "outreach:errors.chooseOne")
  .max(64);

export const volunteerSchema = z.object({ intent: z.literal("volunteer"), offerId: id });
export const requestSchema = z.object({ intent: z.literal("request"), needId: id });

export const addExclusionSchema = z.object({
  intent: z.literal("add"),
  organisationId: id,
  reason: z.string().trim().max(1000, "outreach:errors.tooLong").optional(),
});
export const removeExclusionSchema = z.object({ intent: z.literal("remove"), organisationId: id });
export const exclusionActionSchema = z.discriminatedUnion("intent", [
  addExclusionSchema,
  removeExclusionSchema,
]);
