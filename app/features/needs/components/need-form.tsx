// The need form (create and edit): every field of a need, with confidential fields clearly marked.
// Works without JavaScript (a plain POST); with it, Conform validates as one types.
import {
  getFormProps,
  getInputProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { Form } from "react-router";
import { ErrorList, SelectField, TextAreaField, TextField } from "~/components/form-fields";
import { MultiSelectField } from "~/components/multi-select";
import { TopicFieldset } from "~/features/taxonomy/topic-fieldset";
import { needFormSchema } from "../schema";
import type { Taxonomy } from "~/features/taxonomy/reference.server";

export type NeedFormDefaults = Record<string, string | string[] | boolean | number | undefined>;

type Option = { value: string; label: string };

export function NeedForm({
  id,
  lastResult,
  defaultValue,
  taxonomy,
  countries,
  languages,
  mode,
}: {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue: NeedFormDefaults;
  taxonomy: Taxonomy;
  countries: Option[];
  languages: Option[];
  mode: "create" | "edit";
}) {
  const { t } = useTranslation();
  const [form, conformFields] = useForm({
    id,
    lastResult,
    defaultValue,
    constraint: getZodConstraint(needFormSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: needFormSchema }),
  });
  // The field components take loosely typed metadata (values travel as strings in the form).
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  const enumOptions = (ns: string, values: string[]) =>
    values.map((v) => ({ value: v, label: t(`needs:${ns}.${v}`) }));
  const choose = [{ value: "", label: t("needs:form.chooseOne") }];
  return (
    <Form method="post" {...getFormProps(form)} className="max-w-3xl space-y-5">
      <ErrorList id={form.errorId} errors={form.errors} />
      <TextField meta={fields.title} label={t("needs:fields.title")} />
      <TextAreaField
        meta={fields.summary}
        label={t("needs:fields.summary")}
        hint={t("needs:fields.summaryHint")}
        rows={4}
      />
      <fieldset className="space-y-4 rounded border-2 border-amber-700 p-4">
        <legend className="px-1 font-semibold">🔒 {t("needs:form.confidential")}</legend>
        <TextAreaField
          meta={fields.details}
          label={t("needs:fields.details")}
          hint={t("needs:fields.detailsHint")}
          rows={6}
        />
        <TextAreaField
          meta={fields.outcomeWanted}
          label={t("needs:fields.outcomeWanted")}
          hint={t("needs:fields.outcomeWantedHint")}
          rows={3}
        />
      </fieldset>
      <SelectField
        meta={fields.contentLanguage}
        label={t("needs:fields.contentLanguage")}
        options={languages}
      />
      <SelectField
        meta={fields.categoryId}
        label={t("needs:fields.category")}
        options={[...choose, ...taxonomy.map((c) => ({ value: c.id, label: c.label }))]}
      />
      <TopicFieldset meta={fields.topicIds} legend={t("needs:form.topicsLegend")} taxonomy={taxonomy} />
      <SelectField
        meta={fields.countryCode}
        label={t("needs:fields.country")}
        options={[...choose, ...countries]}
      />
      <MultiSelectField
        meta={fields.languages}
        label={t("needs:fields.languages")}
        hint={t("needs:fields.languagesHint")}
        options={languages}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          meta={fields.urgency}
          label={t("needs:fields.urgency")}
          options={enumOptions("urgency", ["critical", "high", "normal", "low"])}
        />
        <TextField meta={fields.wantedBy} label={t("needs:fields.wantedBy")} type="date" />
        <TextField
          meta={fields.effortHours}
          label={t("needs:fields.effortHours")}
          type="number"
          inputMode="numeric"
        />
        <SelectField
          meta={fields.format}
          label={t("needs:fields.format")}
          options={enumOptions("format", ["remote", "in_person", "either"])}
        />
        <SelectField
          meta={fields.civicContext}
          label={t("needs:fields.civicContext")}
          options={enumOptions("civicContext", ["closing", "opening", "crisis", "steady"])}
        />
        <TextField
          meta={fields.expertsWanted}
          label={t("needs:fields.expertsWanted")}
          type="number"
          inputMode="numeric"
        />
      </div>
      <fieldset className="space-y-3 rounded border border-stone-300 p-4">
        <legend className="px-1 font-semibold">{t("needs:form.protection")}</legend>
        <SelectField
          meta={fields.visibility}
          label={t("needs:fields.visibility")}
          options={enumOptions("visibility", ["network", "secretariat"])}
        />
        <div>
          <label className="font-normal">
            <input
              {...getInputProps(fields.anonymised, {
                type: "checkbox",
                ariaDescribedBy: fields.anonymised.descriptionId,
              })}
            />{" "}
            {t("needs:fields.anonymised")}
          </label>
          <p id={fields.anonymised.descriptionId} className="text-sm text-[var(--color-muted)]">
            {t("needs:fields.anonymisedHint")}
          </p>
        </div>
      </fieldset>
      <div className="flex flex-wrap gap-3">
        {mode === "create" ? (
          <>
            <button type="submit" name="intent" value="submit" className="btn">
              {t("needs:form.submit")}
            </button>
            <button type="submit" name="intent" value="draft" className="btn btn-secondary">
              {t("needs:form.saveDraft")}
            </button>
          </>
        ) : (
          <button type="submit" name="intent" value="save" className="btn">
            {t("needs:form.save")}
          </button>
        )}
      </div>
    </Form>
  );
}
