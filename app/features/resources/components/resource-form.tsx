// The resource form (create and edit). Works without JavaScript; Conform validates as one types.
import { getCollectionProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { SummarisedForm } from "~/components/error-summary";
import {
  CreateOrSaveButtons,
  ErrorList,
  SelectField,
  TextAreaField,
  TextField,
} from "~/components/form-fields";
import { useSchemaForm } from "~/components/use-schema-form";
import type { Taxonomy } from "~/features/taxonomy/reference.server";
import { TopicFieldset } from "~/features/taxonomy/topic-fieldset";
import { useTranslation } from "~/i18n/use-translation";
import { resourceKinds, resourceVisibilityLevels } from "../constants";
import { resourceFormSchema } from "../schemas";

type Option = { value: string; label: string };

export function ResourceForm({
  id,
  lastResult,
  defaultValue,
  taxonomy,
  countries,
  languages,
  mode,
  trustedOnly,
}: {
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue: Record<string, string | string[] | undefined>;
  taxonomy: Taxonomy;
  countries: Option[];
  languages: Option[];
  mode: "create" | "edit";
  /** The publisher is not vetted yet: say who will see the resource until it is. */
  trustedOnly: boolean;
}) {
  const { t } = useTranslation();
  const [form, conformFields] = useSchemaForm(resourceFormSchema, {
    id,
    lastResult,
    defaultValue,
    shouldRevalidate: "onInput",
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  return (
    <SummarisedForm form={form} className="max-w-3xl space-y-5">
      <SelectField
        meta={fields.kind}
        label={t("resources:fields.kind")}
        options={resourceKinds.map((k) => ({ value: k, label: t(`resources:kind.${k}`) }))}
      />
      <TextField meta={fields.title} label={t("resources:fields.title")} />
      <TextAreaField
        meta={fields.summary}
        label={t("resources:fields.summary")}
        hint={t("resources:fields.summaryHint")}
        rows={4}
      />
      <TextAreaField
        meta={fields.body}
        label={t("resources:fields.body")}
        hint={t("resources:fields.bodyHint")}
        rows={10}
      />
      <SelectField
        meta={fields.contentLanguage}
        label={t("resources:fields.contentLanguage")}
        options={languages}
      />
      <SelectField
        multiple
        meta={fields.languages}
        label={t("resources:fields.languages")}
        hint={t("resources:fields.multiHint")}
        options={languages}
      />
      <TopicFieldset meta={fields.topicIds} legend={t("resources:fields.topics")} taxonomy={taxonomy} />
      <SelectField
        multiple
        meta={fields.countryCodes}
        label={t("resources:fields.countries")}
        hint={t("resources:fields.countriesHint")}
        options={countries}
      />
      <fieldset
        className="space-y-1"
        aria-describedby={`${fields.visibility.descriptionId}${fields.visibility.errors ? ` ${fields.visibility.errorId}` : ""}`}
      >
        <legend className="font-semibold">{t("resources:fields.visibility")}</legend>
        <p id={fields.visibility.descriptionId} className="text-sm text-[var(--color-muted)]">
          {trustedOnly ? t("resources:fields.visibilityUnvetted") : t("resources:fields.visibilityHint")}
        </p>
        <ul className="space-y-1">
          {getCollectionProps(fields.visibility, {
            type: "radio",
            options: [...resourceVisibilityLevels],
          }).map((props) => (
            <li key={props.key}>
              <label className="font-normal">
                <input {...props} key={props.key} /> {t(`resources:visibility.${props.value}`)} —{" "}
                <span className="text-sm text-[var(--color-muted)]">
                  {t(`resources:visibilityHelp.${props.value}`)}
                </span>
              </label>
            </li>
          ))}
        </ul>
        <ErrorList id={fields.visibility.errorId} errors={fields.visibility.errors} />
      </fieldset>
      <CreateOrSaveButtons
        mode={mode}
        create={{ intent: "publish", label: t("resources:form.publish") }}
        draft={t("resources:form.saveDraft")}
        save={t("resources:form.save")}
      />
    </SummarisedForm>
  );
}
