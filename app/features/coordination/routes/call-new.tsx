// /secretariat/calls/new: schedule a coordination call. Step 1 (GET ?country=): choose the country; step 2:
// title, local date-time and IANA time zone (stored as UTC), duration, invited organisations (coalitions
// based there, experts covering it, organisations active there) and a note for the agenda. Invitees' members
// get an email in their language linking to the call and its calendar file.
import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Form, Link, redirect } from "react-router";
import { ErrorList, SelectField, TextAreaField, TextField } from "~/features/auth/components/form-fields";
import { readForm } from "~/features/auth/services/forms.server";
import { clientIp } from "~/features/auth/services/request.server";
import { requireSecretariat } from "~/features/auth/services/session.server";
import { loadCountries } from "~/features/needs/services/reference.server";
import { countryName } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { httpError } from "~/utils/http.server";
import { scheduleCallSchema } from "../schemas";
import { inviteeCandidates, scheduleCall } from "../services/calls.server";
import { orFormError } from "../services/form-errors.server";
import { isValidTimeZone, timeZones } from "../time";
import type { Route } from "./+types/call-new";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const locale = getLocale(request, ctx.user.locale);
  const code = new URL(request.url).searchParams.get("country")?.toUpperCase() ?? "";
  const collator = new Intl.Collator(locale);
  const countries = (await loadCountries())
    .map((c) => ({ value: c.code, label: countryName(c.code, locale) }))
    .sort((a, b) => collator.compare(a.label, b.label));
  if (!code) return { locale, countries, country: null, candidates: [], zones: [], defaultZone: "UTC" };
  const candidates = /^[A-Z]{2}$/.test(code) ? await inviteeCandidates(code) : null;
  if (!candidates) throw httpError(404, "common:errors.notFound");
  return {
    locale,
    countries,
    country: { code, name: countryName(code, locale) },
    candidates: candidates.map((o) => ({
      ...o,
      countryLabel: o.countryCode ? countryName(o.countryCode, locale) : null,
    })),
    zones: timeZones(),
    defaultZone: isValidTimeZone(ctx.user.timeZone) ? ctx.user.timeZone : "UTC",
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = await requireSecretariat(request);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: scheduleCallSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 422 });
  const { intent: _intent, ...input } = submission.value;
  const outcome = await orFormError(
    () => scheduleCall({ userId: ctx.user.id, ip: clientIp(context) }, input),
    (o) => submission.reply(o),
  );
  if (!outcome.ok) return outcome.response;
  return redirect(`/calls/${outcome.value.id}?done=scheduled`);
}

export default function NewCall({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { country } = loaderData;
  return (
    <section className="max-w-3xl space-y-4" aria-labelledby="new-call-title">
      <p className="text-sm">
        <Link to="/secretariat/calls">{t("coordination:list.title")}</Link>
      </p>
      <h1 id="new-call-title">
        {country ? t("coordination:new.titleFor", { country: country.name }) : t("coordination:new.title")}
      </h1>
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="choose-country" className="block">
            {t("coordination:new.country")}
          </label>
          <select id="choose-country" name="country" defaultValue={country?.code ?? ""} required>
            <option value="">{t("coordination:new.chooseCountry")}</option>
            {loaderData.countries.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-secondary">
          {t("coordination:new.continue")}
        </button>
      </Form>
      {country ? (
        <ScheduleForm
          loaderData={loaderData}
          lastResult={actionData?.result as SubmissionResult<string[]> | undefined}
        />
      ) : null}
    </section>
  );
}

function ScheduleForm({
  loaderData,
  lastResult,
}: {
  loaderData: Route.ComponentProps["loaderData"];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  const [form, conformFields] = useForm({
    id: "schedule",
    lastResult,
    constraint: getZodConstraint(scheduleCallSchema),
    defaultValue: { timeZone: loaderData.defaultZone, durationMinutes: "60" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: scheduleCallSchema }),
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  const chosen = new Set(
    [(form.initialValue as { invitees?: string | string[] } | undefined)?.invitees ?? []].flat(),
  );
  const inviteeErrors = fields.invitees.errors as string[] | undefined;
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <input type="hidden" name="intent" value="schedule" />
      <input type="hidden" name="countryCode" value={loaderData.country!.code} />
      <ErrorList id={form.errorId} errors={form.errors} />
      <TextField
        meta={fields.title}
        label={t("coordination:new.callTitle")}
        hint={t("coordination:new.callTitleHint", { country: loaderData.country!.name })}
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
      <SelectField
        meta={fields.timeZone}
        label={t("coordination:new.timeZone")}
        options={loaderData.zones.map((z) => ({ value: z, label: z.replace(/_/g, " ") }))}
      />
      <TextField
        meta={fields.durationMinutes}
        type="number"
        inputMode="numeric"
        label={t("coordination:new.duration")}
      />
      <fieldset className="space-y-2" aria-describedby={inviteeErrors ? fields.invitees.errorId : undefined}>
        <legend className="font-semibold">{t("coordination:new.invitees")}</legend>
        <p className="text-sm text-[var(--color-muted)]">{t("coordination:new.inviteesHint")}</p>
        {loaderData.candidates.length ? (
          <ul className="grid gap-1 sm:grid-cols-2">
            {loaderData.candidates.map((o) => (
              <li key={o.id}>
                <label className="flex items-center gap-2">
                  <input type="checkbox" name="invitees" value={o.id} defaultChecked={chosen.has(o.id)} />
                  {o.name}{" "}
                  <span className="text-sm text-[var(--color-muted)]">
                    ({t(`coordination:orgKind.${o.kind}`)}
                    {o.countryLabel ? ` · ${o.countryLabel}` : ""})
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
        {t("coordination:new.submit")}
      </button>
    </Form>
  );
}
