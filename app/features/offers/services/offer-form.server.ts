// Server side of the offer form: the shared schema, then the database lookups (categories, topics and
// countries exist). Problems become field errors (422).
import { parseWithReferenceChecks } from "~/features/taxonomy/reference-form.server";
import { offerFormSchema } from "../schema";
import type { OfferInput } from "./offer-lifecycle.server";

/** `peer`: the publishing organisation is a coalition (a peer offer); otherwise kinds are dropped. */
export async function parseOfferForm(formData: FormData, options: { peer: boolean }) {
  const parsed = await parseWithReferenceChecks(
    formData,
    offerFormSchema,
    ({ raw, unchecked, list, taxonomy, countries }) => {
      const fieldErrors: Record<string, string[]> = {};
      const categoryIds = list(raw.categoryIds);
      const chosen = taxonomy.filter((c) => categoryIds.includes(c.id));
      if (unchecked("categoryIds") && chosen.length !== new Set(categoryIds).size)
        fieldErrors.categoryIds = ["offers:errors.unknownCategory"];
      const topics = new Set(chosen.flatMap((c) => c.topics.map((tp) => tp.id)));
      if (unchecked("topicIds") && list(raw.topicIds).some((id) => !topics.has(id)))
        fieldErrors.topicIds = ["offers:errors.topicNotInCategory"];
      const known = new Set(countries.map((c) => c.code));
      if (unchecked("coverageCountries") && list(raw.coverageCountries).some((c) => !known.has(c)))
        fieldErrors.coverageCountries = ["offers:errors.unknownCountry"];
      return fieldErrors;
    },
  );
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const input: OfferInput = {
    title: v.title,
    description: v.description,
    contentLanguage: v.contentLanguage,
    categoryIds: [...new Set(v.categoryIds)],
    topicIds: [...new Set(v.topicIds)],
    coverageGlobal: v.coverageGlobal,
    coverageCountries: [...new Set(v.coverageCountries)],
    coverageRegions: [...new Set(v.coverageRegions)],
    languages: [...new Set(v.languages)],
    hoursPerMonth: v.hoursPerMonth,
    maxConcurrent: v.maxConcurrent,
    availableFrom: v.availableFrom,
    availableTo: v.availableTo ?? null,
    format: v.format,
    responseTimeDays: v.responseTimeDays,
    terms: v.terms,
    peerKinds: options.peer ? [...new Set(v.peerKinds)] : [],
  };
  return { ok: true as const, intent: v.intent, input };
}
