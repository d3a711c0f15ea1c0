// A small POST form with one or two text areas and an intent (triage questions, declines, answers).
import { type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { SummarisedForm } from "~/components/error-summary";

import type { z } from "zod";
import { TextAreaField } from "~/components/form-fields";
import { useSchemaForm } from "~/components/use-schema-form";

export function TextActionForm({
  id,
  intent,
  schema,
  fields: fieldSpecs,
  submitLabel,
  lastResult,
  danger,
}: {
  id: string;
  intent: string;
  schema: z.ZodObject;
  fields: Array<{ name: string; label: string; rows?: number }>;
  submitLabel: string;
  lastResult?: SubmissionResult<string[]> | null;
  danger?: boolean;
}) {
  const [form, conformFields] = useSchemaForm(schema, {
    id,
    lastResult: lastResult && lastResult.initialValue?.intent === intent ? lastResult : undefined,
    shouldValidate: "onSubmit",
  });
  // The field components take loosely typed metadata (values travel as strings in the form).
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  return (
    <SummarisedForm form={form} className="space-y-3">
      <input type="hidden" name="intent" value={intent} />
      {fieldSpecs.map((f) => (
        <TextAreaField key={f.name} meta={fields[f.name]} label={f.label} rows={f.rows ?? 3} />
      ))}
      <button type="submit" className={danger ? "btn btn-danger" : "btn"}>
        {submitLabel}
      </button>
    </SummarisedForm>
  );
}
