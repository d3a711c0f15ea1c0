// The form that schedules a call and edits it: title, local date-time in an IANA zone (stored as UTC),
// duration, meeting link and/or place, invited organisations (with why each is listed) and a note for the
// agenda. A plain form: works without JavaScript.
import { type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { SummarisedForm } from "~/components/error-summary";

import { ErrorList, SelectField, TextAreaField, TextField } from "~/components/form-fields";
import { useTranslation } from "~/i18n/use-translation";
import { scheduleCallSchema, updateCallSchema } from "../schemas";
import { useSchemaForm } from "~/components/use-schema-form";

export type Candidate = {
  id: string;
  name: string;
  kind: string;
  countryLabel: string | null;
  reasons: string[];
};

export function CallForm({
  mode,
  countryCode,
  countryName,
  candidates,
  zones,
  defaults,
  lastResult,
}: {
  mode: "schedule" | "update";
  countryCode: string;
  countryName: string;
  candidates: Candidate[];
  zones: Array<{ value: string; label: string }>;
  defaults: Record<string, string | string[]>;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  const schema = mode === "schedule" ? scheduleCallSchema : updateCallSchema;
  const [form, conformFields] = useSchemaForm(schema, {
    shouldValidate: "onSubmit",
    id: mode,
    lastResult,
    defaultValue: defaults,
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  const initial = (form.initialValue as { invitees?: string | string[] } | undefined)?.invitees;
  const chosen = new Set([initial ?? defaults.invitees ?? []].flat());
  const inviteeErrors = fields.invitees.errors as string[] | undefined;
  return (
    <SummarisedForm form={form}>
      <input type="hidden" name="intent" value={mode} />
      {mode === "schedule" ? <input type="hidden" name="countryCode" value={countryCode} /> : null}
      {mode === "schedule" && typeof defaults.resourceId === "string" ? (
        <input type="hidden" name="resourceId" value={defaults.resourceId} />
      ) : null}
      <TextField
        meta={fields.title}
        label={t("coordination:new.callTitle")}
        hint={t("coordination:new.callTitleHint", { country: countryName })}
      />
      <div className="space-y-1">
        <label htmlFor={fields.localStart.id} className="block">
          {t("coordination:new.localStart")}
        </label>
        <p id={fields.localStart.descriptionId} className="text-sm text-[var(--color-muted)]">
          {t("coordination:new.localStartHint")}
        </p>
        <input
          id={fields.localStart.id}
          name={fields.localStart.name}
          type="datetime-local"
          required
          defaultValue={fields.localStart.initialValue}
          aria-invalid={fields.localStart.errors ? true : undefined}
          aria-describedby={`${fields.localStart.descriptionId}${fields.localStart.errors ? ` ${fields.localStart.errorId}` : ""}`}
        />
        <ErrorList id={fields.localStart.errorId} errors={fields.localStart.errors} />
      </div>
      <SelectField meta={fields.timeZone} label={t("coordination:new.timeZone")} options={zones} />
      <TextField
        meta={fields.durationMinutes}
        type="number"
        inputMode="numeric"
        label={t("coordination:new.duration")}
      />
      <TextField
        meta={fields.meetingUrl}
        type="url"
        label={t("coordination:new.meetingUrl")}
        hint={t("coordination:new.meetingUrlHint")}
      />
      <TextField
        meta={fields.place}
        label={t("coordination:new.place")}
        hint={t("coordination:new.placeHint")}
      />
      <fieldset className="space-y-2" aria-describedby={inviteeErrors ? fields.invitees.errorId : undefined}>
        <legend className="font-semibold">{t("coordination:new.invitees")}</legend>
        <p className="text-sm text-[var(--color-muted)]">{t("coordination:new.inviteesHint")}</p>
        {candidates.length ? (
          <ul className="grid gap-1 sm:grid-cols-2">
            {candidates.map((o) => (
              <li key={o.id}>
                <label className="flex items-start gap-2">
                  <input
                    type="checkbox"
                    name="invitees"
                    value={o.id}
                    defaultChecked={chosen.has(o.id)}
                    className="mt-1"
                  />
                  <span>
                    {o.name}{" "}
                    <span className="text-sm text-[var(--color-muted)]">
                      ({t(`coordination:orgKind.${o.kind}`)}
                      {o.countryLabel ? ` · ${o.countryLabel}` : ""}
                      {o.reasons.length
                        ? ` · ${o.reasons.map((r) => t(`coordination:new.reason.${r}`)).join(", ")}`
                        : ""}
                      )
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("coordination:new.noCandidates")}</p>
        )}
        <ErrorList id={fields.invitees.errorId} errors={inviteeErrors} />
      </fieldset>
      <TextAreaField
        meta={fields.agendaNote}
        label={t("coordination:new.agendaNote")}
        hint={t("coordination:new.agendaNoteHint")}
        rows={3}
      />
      <button type="submit" className="btn">
        {t(mode === "schedule" ? "coordination:new.submit" : "coordination:edit.submit")}
      </button>
    </SummarisedForm>
  );
}
