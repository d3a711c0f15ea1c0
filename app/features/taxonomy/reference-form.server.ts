// A form that names reference data (categories, topics, countries): its schema first, then what only the
// database can tell (they exist, the topics belong to the category). The database checks run even when
// the schema found problems, on the fields the schema let through, so one attempt shows every error (not
// one more per attempt). Problems become field errors, never a 500.
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { loadCountries, loadTaxonomy, type Taxonomy } from "./reference.server";

export type ReferenceChecks = {
  /** The submitted values as they came (strings or lists of strings). */
  raw: Record<string, unknown>;
  /** The schema found nothing wrong with this field: the database may check it. */
  unchecked: (name: string) => boolean;
  /** A submitted value as a list (one value, several, or none). */
  list: (value: unknown) => string[];
  taxonomy: Taxonomy;
  countries: Awaited<ReturnType<typeof loadCountries>>;
};

export async function parseWithReferenceChecks<S extends z.ZodType>(
  formData: FormData,
  schema: S,
  check: (reference: ReferenceChecks) => Record<string, string[]>,
) {
  const submission = parseWithZod(formData, { schema });
  const raw = submission.payload as Record<string, unknown>;
  const schemaErrors = (submission.status === "success" ? null : submission.error) ?? {};
  const [taxonomy, countries] = await Promise.all([loadTaxonomy("en"), loadCountries()]);
  const fieldErrors = check({
    raw,
    unchecked: (name) => !schemaErrors[name]?.length,
    list: (v) => (Array.isArray(v) ? v : v === undefined || v === "" ? [] : [v]).map(String),
    taxonomy,
    countries,
  });
  if (submission.status !== "success" || Object.keys(fieldErrors).length)
    return { ok: false as const, reply: submission.reply({ fieldErrors }) };
  return { ok: true as const, value: submission.value, submission };
}
