// The offer form (create and edit). Works without JavaScript; Conform validates as one types.
import { getInputProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { useTranslation } from "~/i18n/use-translation";
import { CreateOrSaveButtons, SelectField, TextAreaField, TextField } from "~/components/form-fields";
import { CheckboxGroupField } from "~/components/checkbox-group";
import { SummarisedForm } from "~/components/error-summary";
import { TopicFieldset } from "~/features/taxonomy/topic-fieldset";
import type { Taxonomy } from "~/features/taxonomy/reference.server";
import { regions } from "~/features/taxonomy/reference-data";
import { offerFormSchema, peerOfferKinds } from "../schema";
import { useSchemaForm } from "~/components/use-schema-form";

type Option = { value: string; label: string };

export function OfferForm({
  id,
  lastResult,
  defaultValue,
  taxonomy,
  countries,
  languages,
  mode,
  peer = false,
}: {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue: Record<string, string | string[] | number | undefined>;
  taxonomy: Taxonomy;
  countries: Option[];
  languages: Option[];
  mode: "create" | "edit";
  /** The publisher is a coalition: a peer offer, with what it shares. */
  peer?: boolean;
}) {
  const { t } = useTranslation();
  const [form, conformFields] = useSchemaForm(offerFormSchema, {
    id,
    lastResult,
    defaultValue,
    shouldRevalidate: "onInput",
  });
  // The field components take loosely typed metadata (values travel as strings in the form).
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  const enumOptions = (key: string, values: string[]) =>
    values.map((v) => ({ value: v, label: t(key.replace("*", v)) }));
  return (
    <SummarisedForm form={form} className="max-w-3xl space-y-5">
      <TextField meta={fields.title} label={t("offers:fields.title")} />
      <TextAreaField meta={fields.description} label={t("offers:fields.description")} rows={6} />
      <SelectField
        meta={fields.contentLanguage}
        label={t("offers:fields.contentLanguage")}
        options={languages}
      />
      <CheckboxGroupField
        meta={fields.categoryIds}
        legend={t("offers:fields.categories")}
        options={taxonomy.map((c) => ({ value: c.id, label: c.label }))}
        listClassName="flex flex-wrap gap-4"
      />
      {peer ? (
        <CheckboxGroupField
          meta={fields.peerKinds}
          legend={t("outreach:peerKinds.legend")}
          hint={t("outreach:peerKinds.hint")}
          options={peerOfferKinds.map((k) => ({ value: k, label: t(`outreach:peerKinds.${k}`) }))}
          listClassName="flex flex-wrap gap-4"
        />
      ) : null}
      <TopicFieldset meta={fields.topicIds} legend={t("offers:fields.topics")} taxonomy={taxonomy} />
      <fieldset className="space-y-3 rounded border border-stone-300 p-4">
        <legend className="px-1 font-semibold">{t("offers:fields.coverage")}</legend>
        <label className="font-normal">
          <input {...getInputProps(fields.coverageGlobal, { type: "checkbox" })} />{" "}
          {t("offers:fields.coverageGlobal")}
        </label>
        <CheckboxGroupField
          meta={fields.coverageRegions}
          legend={t("offers:fields.coverageRegions")}
          options={regions.map((r) => ({ value: r, label: t(`taxonomy:region.${r}`) }))}
          listClassName="grid gap-1 sm:grid-cols-2"
        />
        <SelectField
          multiple
          meta={fields.coverageCountries}
          label={t("offers:fields.coverageCountries")}
          hint={t("offers:fields.coverageCountriesHint")}
          options={countries}
        />
      </fieldset>
      <CheckboxGroupField
        meta={fields.languages}
        legend={t("offers:fields.languages")}
        options={languages}
        common={["en", "es", "fr", "pt", "ar"]}
        moreLabel={t("common:errorSummary.moreLanguages")}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          meta={fields.hoursPerMonth}
          label={t("offers:fields.hoursPerMonth")}
          type="number"
          inputMode="numeric"
        />
        <TextField
          meta={fields.maxConcurrent}
          label={t("offers:fields.maxConcurrent")}
          type="number"
          inputMode="numeric"
        />
        <TextField meta={fields.availableFrom} label={t("offers:fields.availableFrom")} type="date" />
        <TextField meta={fields.availableTo} label={t("offers:fields.availableTo")} type="date" />
        <SelectField
          meta={fields.format}
          label={t("offers:fields.format")}
          options={enumOptions("needs:format.*", ["remote", "in_person", "either"])}
        />
        <TextField
          meta={fields.responseTimeDays}
          label={t("offers:fields.responseTimeDays")}
          type="number"
          inputMode="numeric"
        />
        <SelectField
          meta={fields.terms}
          label={t("offers:fields.terms")}
          options={enumOptions("offers:terms.*", ["pro_bono", "cost_shared"])}
        />
      </div>
      <CreateOrSaveButtons
        mode={mode}
        create={{ intent: "activate", label: t("offers:form.activate") }}
        draft={t("offers:form.saveDraft")}
        save={t("offers:form.save")}
      />
    </SummarisedForm>
  );
}
