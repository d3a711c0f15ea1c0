// The offer form (create and edit). Works without JavaScript; Conform validates as one types.
import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { useTranslation } from "~/i18n/use-translation";
import { Form } from "react-router";
import { ErrorList, SelectField, TextAreaField, TextField } from "~/components/form-fields";
import { MultiSelectField } from "~/components/multi-select";
import { CheckboxGroupField } from "~/components/checkbox-group";
import { ErrorSummary, useErrorSummaryAction } from "~/components/error-summary";
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
  const action = useErrorSummaryAction(form.id);
  return (
    <Form method="post" {...getFormProps(form)} action={action} className="max-w-3xl space-y-5">
      <ErrorSummary form={form} />
      <ErrorList id={form.errorId} errors={form.errors} />
      <TextField meta={fields.title} label={t("offers:fields.title")} />
      <TextAreaField meta={fields.description} label={t("offers:fields.description")} rows={6} />
      <SelectField
        meta={fields.contentLanguage}
        label={t("offers:fields.contentLanguage")}
        options={languages}
      />
      <fieldset className="space-y-1">
        <legend className="font-semibold">{t("offers:fields.categories")}</legend>
        <ul className="flex flex-wrap gap-4">
          {getCollectionProps(fields.categoryIds, {
            type: "checkbox",
            options: taxonomy.map((c) => c.id),
          }).map((props) => (
            <li key={props.key}>
              <label className="font-normal">
                <input {...props} key={props.key} /> {taxonomy.find((c) => c.id === props.value)?.label}
              </label>
            </li>
          ))}
        </ul>
        <ErrorList id={fields.categoryIds.errorId} errors={fields.categoryIds.errors} />
      </fieldset>
      {peer ? (
        <fieldset className="space-y-1">
          <legend className="font-semibold">{t("outreach:peerKinds.legend")}</legend>
          <p className="text-sm text-[var(--color-muted)]">{t("outreach:peerKinds.hint")}</p>
          <ul className="flex flex-wrap gap-4">
            {getCollectionProps(fields.peerKinds, { type: "checkbox", options: [...peerOfferKinds] }).map(
              (props) => (
                <li key={props.key}>
                  <label className="font-normal">
                    <input {...props} key={props.key} /> {t(`outreach:peerKinds.${props.value}`)}
                  </label>
                </li>
              ),
            )}
          </ul>
          <ErrorList id={fields.peerKinds.errorId} errors={fields.peerKinds.errors} />
        </fieldset>
      ) : null}
      <TopicFieldset meta={fields.topicIds} legend={t("offers:fields.topics")} taxonomy={taxonomy} />
      <fieldset className="space-y-3 rounded border border-stone-300 p-4">
        <legend className="px-1 font-semibold">{t("offers:fields.coverage")}</legend>
        <label className="font-normal">
          <input {...getInputProps(fields.coverageGlobal, { type: "checkbox" })} />{" "}
          {t("offers:fields.coverageGlobal")}
        </label>
        <fieldset>
          <legend className="text-sm font-semibold">{t("offers:fields.coverageRegions")}</legend>
          <ul className="grid gap-1 sm:grid-cols-2">
            {getCollectionProps(fields.coverageRegions, { type: "checkbox", options: [...regions] }).map(
              (props) => (
                <li key={props.key}>
                  <label className="font-normal">
                    <input {...props} key={props.key} /> {t(`taxonomy:region.${props.value}`)}
                  </label>
                </li>
              ),
            )}
          </ul>
        </fieldset>
        <MultiSelectField
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
      <div className="flex flex-wrap gap-3">
        {mode === "create" ? (
          <>
            <button type="submit" name="intent" value="activate" className="btn">
              {t("offers:form.activate")}
            </button>
            <button type="submit" name="intent" value="draft" className="btn btn-secondary">
              {t("offers:form.saveDraft")}
            </button>
          </>
        ) : (
          <button type="submit" name="intent" value="save" className="btn">
            {t("offers:form.save")}
          </button>
        )}
      </div>
    </Form>
  );
}
