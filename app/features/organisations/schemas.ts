// Organisation forms (profile, invitations, members, vetting), shared by client and server.
import { z } from "zod";
import { emailField, hasNoControlCharacters, hasNoNul } from "~/features/auth/schemas";
import { countries, regions } from "~/features/taxonomy/reference-data";
import { languageCodes as allLanguageCodes } from "~/features/taxonomy/pickers";

/** ISO 639-1 codes offered in the language pickers: one list for every form (taxonomy/pickers). */
const languageCodes = allLanguageCodes as [string, ...string[]];

const countryCodes = countries.map((c) => c.code) as [string, ...string[]];

const countryField = z.enum(countryCodes, { error: "org:errors.countryInvalid" });
const list = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z.array(item).max(max, "org:errors.tooMany"),
  );

const orgNameField = z
  .string({ error: "org:errors.nameRequired" })
  .trim()
  .min(2, "org:errors.nameRequired")
  .max(200, "org:errors.nameTooLong")
  .refine(hasNoControlCharacters, "org:errors.nameOneLine");

const websiteField = z
  .string()
  .trim()
  .max(300, "org:errors.websiteInvalid")
  .refine((v) => {
    if (!hasNoNul(v) || /\s/.test(v)) return false;
    try {
      const u = new URL(v);
      return u.protocol === "https:" || u.protocol === "http:";
    } catch {
      return false;
    }
  }, "org:errors.websiteInvalid")
  .optional();

export const profileSchema = z.object({
  name: orgNameField,
  countryCode: countryField.optional(),
  coverageGlobal: z.boolean().optional().default(false),
  coverageCountries: list(countryField, 250),
  coverageRegions: list(z.enum(regions, { error: "org:errors.regionInvalid" }), regions.length),
  languages: list(z.enum(languageCodes, { error: "org:errors.languageInvalid" }), 30),
  description: z
    .string()
    .trim()
    .max(5000, "org:errors.descriptionTooLong")
    .refine(hasNoNul, "auth:errors.invalidCharacters")
    .optional(),
  website: websiteField,
});

export const inviteMemberSchema = z.object({
  intent: z.literal("invite"),
  email: emailField,
  role: z.enum(["member", "admin"], { error: "org:errors.roleInvalid" }),
});

export const inviteOrganisationSchema = z
  .object({
    kind: z.enum(["COALITION", "EXPERT", "SECRETARIAT"], { error: "org:errors.kindInvalid" }),
    name: orgNameField,
    countryCode: countryField.optional(),
    email: emailField,
  })
  .superRefine((v, ctx) => {
    if (v.kind === "COALITION" && !v.countryCode)
      ctx.addIssue({ code: "custom", path: ["countryCode"], message: "org:errors.countryRequired" });
  });

/** The secretariat's answer to a pending change of name or coverage. */
export const identityChangeSchema = z.object({
  intent: z.literal("change"),
  decision: z.enum(["approve", "refuse"], { error: "org:errors.decisionInvalid" }),
});

export const vettingSchema = z.object({
  vettingLevel: z.enum(["unverified", "verified", "trusted"], { error: "org:errors.vettingInvalid" }),
  note: z
    .string()
    .trim()
    .max(2000, "org:errors.noteTooLong")
    .refine(hasNoNul, "auth:errors.invalidCharacters")
    .optional(),
});
