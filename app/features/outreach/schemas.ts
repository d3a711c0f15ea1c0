// One Zod schema per form of the reach-out pages (server-side parsing with Conform; messages are i18n keys).
import { z } from "zod";

const id = z
  .string({ error: "outreach:errors.chooseOne" })
  .trim()
  .min(1, "outreach:errors.chooseOne")
  .max(64);

export const volunteerSchema = z.object({ intent: z.literal("volunteer"), offerId: id });
export const requestSchema = z.object({ intent: z.literal("request"), needId: id });

const addExclusionSchema = z.object({
  intent: z.literal("add"),
  organisationId: id,
  reason: z.string().trim().max(1000, "outreach:errors.tooLong").optional(),
});
const removeExclusionSchema = z.object({ intent: z.literal("remove"), organisationId: id });
export const exclusionActionSchema = z.discriminatedUnion("intent", [
  addExclusionSchema,
  removeExclusionSchema,
]);

const required = (max: number) =>
  z
    .string({ error: "outreach:errors.required" })
    .trim()
    .min(1, "outreach:errors.required")
    .max(max, "outreach:errors.tooLong");

/** The public application form. `homepage` is the honeypot: people never see it, bots fill it in. */
export const applicationSchema = z.object({
  kind: z.enum(["coalition", "expert", "ally"], { error: "outreach:errors.required" }),
  organisationName: required(200),
  countryCode: z
    .string({ error: "outreach:errors.required" })
    .regex(/^[A-Z]{2}$/, "outreach:errors.required"),
  website: z.string().trim().max(300, "outreach:errors.tooLong").optional(),
  mission: required(3000),
  references: required(2000),
  contactName: required(200),
  contactEmail: z
    .string({ error: "outreach:errors.required" })
    .trim()
    .max(254, "outreach:errors.tooLong")
    .email("outreach:errors.email"),
  homepage: z.string().optional(),
});

export const answerSchema = z.object({ answer: required(5000) });

const checked = z.preprocess((v) => v === "on" || v === "true", z.boolean());
const checklistSchema = z.object({
  intent: z.literal("checklist"),
  checkMission: checked,
  checkReferences: checked,
  checkRisk: checked,
  checkConflicts: checked,
  riskNote: z.string().trim().max(2000, "outreach:errors.tooLong").optional(),
});
const askSchema = z.object({ intent: z.literal("ask"), question: required(2000) });
const approveApplicationSchema = z.object({ intent: z.literal("approve") });
const declineApplicationSchema = z.object({ intent: z.literal("decline"), reason: required(2000) });
export const applicationActionSchema = z.discriminatedUnion("intent", [
  checklistSchema,
  askSchema,
  approveApplicationSchema,
  declineApplicationSchema,
]);
