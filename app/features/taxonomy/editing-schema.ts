// The taxonomy editing forms' schemas, shared by browser and server. Messages are i18n keys.
import { z } from "zod";

const label = z
  .string({ error: "taxonomy:errors.required" })
  .trim()
  .min(1, { error: "taxonomy:errors.required" })
  .max(200, {
    error: "taxonomy:errors.tooLong",
  });
/** All three labels, each required: a term without them cannot be used. */
export const labelsSchema = z.object({ en: label, es: label, fr: label });
export type Labels = z.infer<typeof labelsSchema>;
/** A key: lower case letters, digits and underscores (a topic's id is `<category>.<key>`). */
const keySchema = z
  .string({ error: "taxonomy:errors.key" })
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, { error: "taxonomy:errors.key" });

const id = z.string().trim().min(1).max(90);
const kind = z.enum(["category", "topic"]);
const labelFields = { en: labelsSchema.shape.en, es: labelsSchema.shape.es, fr: labelsSchema.shape.fr };
/** The secretariat's taxonomy page: one form per intent. */
export const taxonomyEditSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("addCategory"), key: keySchema, ...labelFields }),
  z.object({ intent: z.literal("addTopic"), categoryId: id, key: keySchema, ...labelFields }),
  z.object({ intent: z.literal("rename"), kind, id, ...labelFields }),
  z.object({ intent: z.literal("retire"), kind, id }),
  z.object({ intent: z.literal("merge"), kind, id, intoId: id }),
]);
