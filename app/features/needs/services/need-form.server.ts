// Server side of the need form: the shared schema, then what only the database can tell (the category
// and country exist, the topics belong to the category). Problems become field errors (422), never a 500.
import { parseWithZod } from "@conform-to/zod/v4";
import { needFormSchema } from "../schema";
import type { NeedInput } from "./need-lifecycle.server";
import { loadCountries, loadTaxonomy } from "~/features/taxonomy/reference.server";

export async function parseNeedForm(formData: FormData) {
  const submission = parseWithZod(formData, { schema: needFormSchema });
  if (submission.status !== "success") return { ok: false as const, reply: submission.reply() };
  const v = submission.value;
  const [taxonomy, countries] = await Promise.all([loadTaxonomy("en"), loadCountries()]);
  const fieldErrors: Record<string, string[]> = {};
  const category = taxonomy.find((c) => c.id === v.categoryId);
  if (!category) fieldErrors.categoryId = ["needs:errors.unknownCategory"];
  else if (v.topicIds.some((id) => !category.topics.some((tp) => tp.id === id)))
    fieldErrors.topicIds = ["needs:errors.topicNotInCategory"];
  if (!countries.some((c) => c.code === v.countryCode))
    fieldErrors.countryCode = ["needs:errors.unknownCountry"];
  if (v.wantedBy && v.wantedBy.getTime() < Date.now() - 86_400_000)
    fieldErrors.wantedBy = ["needs:errors.wantedByPast"];
  if (Object.keys(fieldErrors).length)
    return { ok: false as const, reply: submission.reply({ fieldErrors }) };
  const input: NeedInput = {
    title: v.title,
    summary: v.summary,
    details: v.details,
    outcomeWanted: v.outcomeWanted,
    contentLanguage: v.contentLanguage,
    categoryId: v.categoryId,
    topicIds: [...new Set(v.topicIds)],
    countryCode: v.countryCode,
    languages: [...new Set(v.languages)],
    urgency: v.urgency,
    wantedBy: v.wantedBy ?? null,
    effortHours: v.effortHours ?? null,
    format: v.format,
    civicContext: v.civicContext,
    visibility: v.visibility,
    anonymised: v.anonymised,
    expertsWanted: v.expertsWanted,
  };
  return { ok: true as const, intent: v.intent, input, submission };
}
