// The resource form's schema and the link form's, shared by the browser (Conform validates as one types)
// and the server (the action parses with them again). Messages are i18n keys. Lookups that need the
// database (topics and countries exist) are checked again by the action.
import { z } from "zod";
import { resourceKinds, resourceLinkTargets, resourceVisibilityLevels } from "./constants";

const req = "resources:errors.required";
const long = "resources:errors.tooLong";

const text = (max: number) =>
  z.string({ error: req }).trim().min(1, { error: req }).max(max, { error: long });
const isoLanguage = z.string().regex(/^[a-z]{2}$/, { error: "resources:errors.invalid" });
const many = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));

export const resourceFormSchema = z.object({
  intent: z.enum(["draft", "publish", "save"]).default("draft"),
  kind: z.enum(resourceKinds, { error: req }),
  title: text(200),
  summary: text(2000),
  body: z.string().trim().max(20_000, { error: long }).optional().default(""),
  contentLanguage: isoLanguage.default("en"),
  languages: many(isoLanguage).pipe(
    z.array(z.string()).min(1, { error: "resources:errors.languagesRequired" }).max(10),
  ),
  topicIds: many(z.string().max(64)).pipe(
    z.array(z.string()).min(1, { error: "resources:errors.topicsRequired" }).max(24),
  ),
  countryCodes: many(z.string().regex(/^[A-Z]{2}$/, { error: "resources:errors.unknownCountry" })).pipe(
    z.array(z.string()).max(60),
  ),
  visibility: z.enum(resourceVisibilityLevels, { error: req }).default("network"),
});

/** "This model law helped in Kenya": a resource linked from a need, an engagement or a call. */
export const resourceLinkSchema = z.object({
  intent: z.literal("link-resource"),
  targetType: z.enum(resourceLinkTargets),
  targetId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "resources:errors.invalid" }),
  resourceId: z.string({ error: req }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: req }),
  note: z.string().trim().max(300, { error: long }).optional().default(""),
});
