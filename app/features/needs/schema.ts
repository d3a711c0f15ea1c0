// The need form's schema, shared by the browser (Conform validates as one types) and the server (the
// action parses with it again). Error messages are i18n keys. Lookups that need the database (the
// category and country exist, topics belong to the category) are checked again by the action.
import { z } from "zod";

const req = "needs:errors.required";
const long = "needs:errors.tooLong";
const num = "needs:errors.number";

const text = (max: number) =>
  z.string({ error: req }).trim().min(1, { error: req }).max(max, { error: long });
const optionalText = (max: number) => z.string().trim().max(max, { error: long }).optional().default("");
const isoLanguage = z.string().regex(/^[a-z]{2}$/, { error: "needs:errors.invalid" });
const many = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));

export const needFormSchema = z.object({
  intent: z.enum(["draft", "submit", "save"]).default("draft"),
  title: text(160),
  summary: text(1500),
  details: optionalText(8000),
  outcomeWanted: optionalText(2000),
  contentLanguage: isoLanguage.default("en"),
  categoryId: z.string({ error: req }).min(1, { error: req }).max(64),
  topicIds: many(z.string().max(64)).pipe(z.array(z.string()).max(24)),
  countryCode: z.string({ error: req }).regex(/^[A-Z]{2}$/, { error: "needs:errors.unknownCountry" }),
  languages: many(isoLanguage).pipe(
    z.array(z.string()).min(1, { error: "needs:errors.languagesRequired" }).max(10),
  ),
  urgency: z.enum(["critical", "high", "normal", "low"], { error: req }).default("normal"),
  wantedBy: z.date({ error: "needs:errors.date" }).optional(),
  effortHours: z
    .number({ error: num })
    .int({ error: num })
    .min(1, { error: num })
    .max(2000, { error: num })
    .optional(),
  format: z.enum(["remote", "in_person", "either"], { error: req }).default("either"),
  civicContext: z.enum(["closing", "opening", "crisis", "steady"], { error: req }).default("steady"),
  visibility: z.enum(["network", "secretariat"], { error: req }).default("network"),
  anonymised: z.boolean().optional().default(false),
  expertsWanted: z
    .number({ error: num })
    .int({ error: num })
    .min(1, { error: num })
    .max(5, { error: num })
    .default(1),
});
