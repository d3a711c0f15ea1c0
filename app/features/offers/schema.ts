// The offer form's schema, shared by browser and server. Messages are i18n keys.
import { z } from "zod";
import { regions } from "~/features/taxonomy/reference-data";

/** What a coalition shares in a peer offer (Offer.peerKinds); an expert organisation's offer has none. */
export const peerOfferKinds = ["experience", "strategy", "materials", "exchange_visit"] as const;

const req = "offers:errors.required";
const long = "offers:errors.tooLong";
const num = "offers:errors.number";
const text = (max: number) =>
  z.string({ error: req }).trim().min(1, { error: req }).max(max, { error: long });
const many = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));
const int = (min: number, max: number) =>
  z.number({ error: num }).int({ error: num }).min(min, { error: num }).max(max, { error: num });

export const offerFormSchema = z
  .object({
    intent: z.enum(["draft", "activate", "save"]).default("draft"),
    title: text(160),
    description: text(4000),
    contentLanguage: z
      .string()
      .regex(/^[a-z]{2}$/)
      .default("en"),
    categoryIds: many(z.string().max(64)).pipe(
      z.array(z.string()).min(1, { error: "offers:errors.categoriesRequired" }).max(10),
    ),
    topicIds: many(z.string().max(64)).pipe(z.array(z.string()).max(40)),
    coverageGlobal: z.boolean().optional().default(false),
    coverageCountries: many(z.string().regex(/^[A-Z]{2}$/, { error: "offers:errors.unknownCountry" })).pipe(
      z.array(z.string()).max(250),
    ),
    coverageRegions: many(z.enum(regions)),
    languages: many(z.string().regex(/^[a-z]{2}$/)).pipe(
      z.array(z.string()).min(1, { error: "offers:errors.languagesRequired" }).max(20),
    ),
    hoursPerMonth: int(1, 500),
    maxConcurrent: int(1, 50).default(1),
    availableFrom: z.date({ error: "offers:errors.date" }),
    availableTo: z.date({ error: "offers:errors.date" }).optional(),
    format: z.enum(["remote", "in_person", "either"]).default("either"),
    responseTimeDays: int(1, 90).default(7),
    terms: z.enum(["pro_bono", "cost_shared"]).default("pro_bono"),
    peerKinds: many(z.enum(peerOfferKinds, { error: "offers:errors.required" })),
  })
  .superRefine((v, ctx) => {
    if (!v.coverageGlobal && v.coverageCountries.length === 0 && v.coverageRegions.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["coverageCountries"],
        message: "offers:errors.coverageRequired",
      });
    }
    if (v.availableTo && v.availableTo.getTime() < v.availableFrom.getTime()) {
      ctx.addIssue({ code: "custom", path: ["availableTo"], message: "offers:errors.endBeforeStart" });
    }
  });
