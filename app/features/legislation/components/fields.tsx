// The fields a tracked text has (record and edit forms share them).
import type { FieldMetadata } from "@conform-to/react";
import { SelectField, TextAreaField, TextField } from "~/components/form-fields";
import { useTranslation } from "~/i18n/use-translation";
import { legislationKinds, spaceDirections } from "../schemas";

export function LegislationFields({
  fields,
  languages,
}: {
  fields: Record<string, FieldMetadata<string>>;
  languages: Array<{ value: string; label: string }>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <SelectField
        meta={fields.kind}
        label={t("legislation:form.kind")}
        options={legislationKinds.map((k) => ({ value: k, label: t(`legislation:kind.${k}`) }))}
      />
      <TextField meta={fields.title} label={t("legislation:form.title")} />
      <TextAreaField meta={fields.summary} label={t("legislation:form.summary")} rows={4} />
      <SelectField
        meta={fields.contentLanguage}
        label={t("legislation:form.contentLanguage")}
        options={languages}
      />
      <TextField
        meta={fields.reference}
        label={t("legislation:form.reference")}
        hint={t("legislation:form.referenceHint")}
      />
      <SelectField
        meta={fields.direction}
        label={t("legislation:form.direction")}
        options={spaceDirections.map((d) => ({ value: d, label: t(`legislation:direction.${d}`) }))}
      />
    </>
  );
}
