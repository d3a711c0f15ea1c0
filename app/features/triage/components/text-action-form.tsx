// A small POST form with one or two text areas and an intent (triage questions, declines, answers).
import { getFormProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { ErrorSummary, useErrorSummaryAction } from "~/components/error-summary";
import { Form } from "react-router";
import type { z } from "zod";
import { ErrorList, TextAreaField } from "~/components/form-fields";
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
  const summaryAction = useErrorSummaryAction(form.id);
  // The field components take loosely typed metadata (values travel as strings in the form).
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  return (
    <Form method="post" {...getFormProps(form)} action={summaryAction} className="space-y-3">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value={intent} />
      <ErrorList id={form.errorId} errors={form.errors} />
      {fieldSpecs.map((f) => (
        <TextAreaField key={f.name} meta={fields[f.name]} label={f.label} rows={f.rows ?? 3} />
      ))}
      <button type="submit" className={danger ? "btn btn-danger" : "btn"}>
        {submitLabel}
      </button>
    </Form>
  );
}
