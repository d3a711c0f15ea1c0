// Server side of the need form: the shared schema, then what only the database can tell (the category
// and country exist, the topics belong to the category; taxonomy's parseWithReferenceChecks), and a
// wanted-by date not in the past. Problems become field errors (422), never a 500.
import { needFormSchema } from "../schema";
import type { NeedInput } from "./need-lifecycle.server";
import { parseWithReferenceChecks } from "~/features/taxonomy/reference-form.server";

export async function parseNeedForm(formData: FormData) {
  const parsed = await parseWithReferenceChecks(
    formData,
    needFormSchema,
    ({ raw, unchecked, list, taxonomy, countries }) => {
      const fieldErrors: Record<string, string[]> = {};
      const categoryId = String(raw.categoryId ?? "");
      const category = taxonomy.find((c) => c.id === categoryId);
      if (categoryId && unchecked("categoryId") && !category)
        fieldErrors.categoryId = ["needs:errors.unknownCategory"];
      else if (
        category &&
        unchecked("topicIds") &&
        list(raw.topicIds).some((id) => !category.topics.some((tp) => tp.id === id))
      )
        fieldErrors.topicIds = ["needs:errors.topicNotInCategory"];
      const countryCode = String(raw.countryCode ?? "");
      if (countryCode && unchecked("countryCode") && !countries.some((c) => c.code === countryCode))
        fieldErrors.countryCode = ["needs:errors.unknownCountry"];
      const wantedBy = typeof raw.wantedBy === "string" && raw.wantedBy ? new Date(raw.wantedBy) : null;
      if (wantedBy && unchecked("wantedBy") && wantedBy.getTime() < Date.now() - 86_400_000)
        fieldErrors.wantedBy = ["needs:errors.wantedByPast"];
      return fieldErrors;
    },
  );
  if (!parsed.ok) return parsed;
  const { value: v, submission } = parsed;
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
