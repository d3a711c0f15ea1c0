// Triage forms (secretariat) and the coalition's answer, shared by browser and server.
import { z } from "zod";

const text = (max: number, ns = "triage") =>
  z
    .string({ error: `${ns}:errors.required` })
    .trim()
    .min(1, { error: `${ns}:errors.required` })
    .max(max, { error: `${ns}:errors.tooLong` });

const openSchema = z.object({ intent: z.literal("open") });
export const askInfoSchema = z.object({ intent: z.literal("ask_info"), question: text(4000) });
export const declineSchema = z.object({
  intent: z.literal("decline"),
  reason: text(2000),
  referral: z.string().trim().max(2000, { error: "triage:errors.tooLong" }).optional(),
});
export const answerSchema = z.object({ intent: z.literal("answer"), answer: text(4000) });

export const needActionSchema = z.discriminatedUnion("intent", [
  openSchema,
  askInfoSchema,
  declineSchema,
  answerSchema,
  z.object({ intent: z.literal("submit") }),
  z.object({ intent: z.literal("withdraw") }),
]);
