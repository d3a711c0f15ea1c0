// The need form (create and edit): every field of a need, with confidential fields clearly marked.
// Works without JavaScript (a plain POST); with it, Conform validates as one types.
import { getInputProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { useTranslation } from "~/i18n/use-translation";
import { CreateOrSaveButtons, SelectField, TextAreaField, TextField } from "~/components/form-fields";
import { CheckboxGroupField } from "~/components/checkbox-group";
import { SummarisedForm } from "~/components/error-summary";
import { TopicFieldset } from "~/features/taxonomy/topic-fieldset";
import { needFormSchema } from "../schema";
import type { Taxonomy } from "~/features/taxonomy/reference.server";
import { useSchemaForm } from "~/components/use-schema-form";

export type NeedFormDefaults = Record<string, string | string[] | boolean | number | undefined>;

type Option = { value: string; label: string };

/** Languages shown before "More languages": the network's working languages. */
const commonLanguages = ["en", "es", "fr", "pt", "ar"];

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
  const [form, conformFields] = useSchemaForm(needFormSchema, {
    id,
    lastResult,
    defaultValue,
    shouldRevalidate: "onInput",
    browserCheck: false,
  });
  // The field components take loosely typed metadata (values travel as strings in the form).
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  const enumOptions = (ns: string, values: string[]) =>
    values.map((v) => ({ value: v, label: t(`needs:${ns}.${v}`) }));
  const choose = [{ value: "", label: t("needs:form.chooseOne") }];
  // optional fields wait behind a disclosure (fewer Tab stops), open when one of them has an error
  const optional = ["topicIds", "wantedBy", "effortHours", "format", "civicContext", "expertsWanted"];
  const optionalErrors = optional.some((name) => (fields[name]?.errors?.length ?? 0) > 0);
  return (
    <SummarisedForm
      form={form}
      className="max-w-3xl space-y-5"
      labels={{
        title: t("needs:fields.title"),
        summary: t("needs:fields.summary"),
        details: t("needs:fields.details"),
        outcomeWanted: t("needs:fields.outcomeWanted"),
        contentLanguage: t("needs:fields.contentLanguage"),
        categoryId: t("needs:fields.category"),
        countryCode: t("needs:fields.country"),
        languages: t("needs:fields.languages"),
        urgency: t("needs:fields.urgency"),
        topicIds: t("needs:form.topicsLegend"),
        wantedBy: t("needs:fields.wantedBy"),
        effortHours: t("needs:fields.effortHours"),
        format: t("needs:fields.format"),
        civicContext: t("needs:fields.civicContext"),
        expertsWanted: t("needs:fields.expertsWanted"),
        visibility: t("needs:fields.visibility"),
      }}
    >
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
      <SelectField
        meta={fields.countryCode}
        label={t("needs:fields.country")}
        options={[...choose, ...countries]}
      />
      <CheckboxGroupField
        meta={fields.languages}
        legend={t("needs:fields.languages")}
        hint={t("needs:fields.languagesHint")}
        options={languages}
        common={commonLanguages}
        moreLabel={t("common:errorSummary.moreLanguages")}
      />
      <SelectField
        meta={fields.urgency}
        label={t("needs:fields.urgency")}
        options={enumOptions("urgency", ["critical", "high", "normal", "low"])}
      />
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
      <details open={optionalErrors || undefined} className="rounded border border-stone-300 p-4">
        <summary className="cursor-pointer font-semibold">{t("needs:form.moreOptional")}</summary>
        <div className="mt-4 space-y-5">
          <TopicFieldset meta={fields.topicIds} legend={t("needs:form.topicsLegend")} taxonomy={taxonomy} />
          <div className="grid gap-4 sm:grid-cols-2">
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
        </div>
      </details>
      <CreateOrSaveButtons
        mode={mode}
        create={{ intent: "submit", label: t("needs:form.submit") }}
        draft={t("needs:form.saveDraft")}
        save={t("needs:form.save")}
      />
    </SummarisedForm>
  );
}
