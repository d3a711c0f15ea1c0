// Forms of the country pages (members' activities, the secretariat's rating), shared by browser and server.
// Error messages are i18n keys in the `coordination` namespace (country coordination shares its messages).
import { z } from "zod";
import { contentLanguages, visibilities } from "~/features/coordination/schemas";

const required = "coordination:errors.required";
const day = z
  .string({ error: required })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "coordination:errors.date" })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: "coordination:errors.date" });

export { contentLanguages, visibilities };

export const activityKinds = [
  "legal",
  "digital_security",
  "advocacy",
  "research",
  "funding",
  "other",
] as const;
export const ratings = ["open", "narrowed", "obstructed", "repressed", "closed"] as const;
export const trends = ["improving", "stable", "worsening"] as const;

export const activitySchema = z
  .object({
    intent: z.literal("create"),
    organisationId: z.string({ error: required }).min(1, { error: required }),
    kind: z.enum(activityKinds, { error: required }),
    summary: z
      .string({ error: required })
      .trim()
      .min(1, { error: required })
      .max(2000, { error: "coordination:errors.tooLong" }),
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
  note: z.string().trim().max(1000, { error: "coordination:errors.tooLong" }).optional(),
});

export type ActivityInput = z.infer<typeof activitySchema>;
