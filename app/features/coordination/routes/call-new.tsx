// /secretariat/calls/new: schedule a coordination call. Step 1 (GET ?country=): choose the country; step 2:
// title, local date-time and IANA time zone (stored as UTC), duration, meeting link or place, invited
// organisations (based there, offers covering it, engagements under way there, activity there) and a note
// for the agenda. Invitees' members get an email in their language and zone, with a calendar file and RSVP.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Form, Link, redirect } from "react-router";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireSecretariat } from "~/features/auth/index.server";
import { loadCountries } from "~/features/taxonomy/reference.server";
import { countryArticle } from "~/i18n/countries";
import { countryName } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { httpError } from "~/utils/http.server";
import { scheduleCallSchema } from "../schemas";
import { inviteeCandidates, scheduleCall } from "../services/calls.server";
import { orFormError } from "../services/form-errors.server";
import { isValidTimeZone } from "~/i18n/time-zones";
import { zoneOptions } from "~/i18n/time-zones.server";
import { CallForm, type Candidate } from "../components/call-form";
import { exchangeResource } from "~/features/resources/index.server";
import { AboutResource } from "../components/call-parts";
import type { Route } from "./+types/call-new";
import { db } from "~/utils/db.server";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const locale = getLocale(request, ctx.user.locale);
  const url = new URL(request.url);
  // ?resource=<id>: an exchange about a resource of the learning exchange (its page links here).
  const resource = await exchangeResource(ctx.viewer, url.searchParams.get("resource"));
  const code = (url.searchParams.get("country") ?? resource?.countryCodes[0] ?? "").toUpperCase();
  const collator = new Intl.Collator(locale);
  const countries = (await loadCountries())
    .map((c) => ({ value: c.code, label: countryName(c.code, locale) }))
    .sort((a, b) => collator.compare(a.label, b.label));
  if (!code)
    return {
      locale,
      resource,
      countries,
      country: null,
      candidates: [] as Candidate[],
      zones: [] as Array<{ value: string; label: string }>,
      defaultZone: "UTC",
    };
  const candidates = /^[A-Z]{2}$/.test(code) ? await inviteeCandidates(code) : null;
  if (!candidates) throw httpError(404, "common:errors.notFound");
  return {
    locale,
    resource,
    countries,
    country: { code, name: countryName(code, locale), article: countryArticle(code, locale) },
    candidates: candidates.map((o) => ({
      ...o,
      countryLabel: o.countryCode ? countryName(o.countryCode, locale) : null,
    })),
    zones: zoneOptions(locale).map(({ value, label }) => ({ value, label })),
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
    () => db().$transaction((tx) => scheduleCall(tx, { userId: ctx.user.id, ip: clientIp(context) }, input)),
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
        {country
          ? t("coordination:new.titleFor", { country: country.name, countryArticle: country.article })
          : t("coordination:new.title")}
      </h1>
      {loaderData.resource ? <AboutResource resource={loaderData.resource} /> : null}
      <Form method="get" className="flex flex-wrap items-end gap-3">
        {loaderData.resource ? <input type="hidden" name="resource" value={loaderData.resource.id} /> : null}
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
        <CallForm
          mode="schedule"
          countryCode={country.code}
          countryName={country.name}
          candidates={loaderData.candidates}
          zones={loaderData.zones}
          defaults={{
            timeZone: loaderData.defaultZone,
            durationMinutes: "60",
            ...(loaderData.resource
              ? {
                  resourceId: loaderData.resource.id,
                  title: t("resources:exchange.about", { title: loaderData.resource.title }).slice(0, 160),
                }
              : {}),
          }}
          lastResult={actionData?.result as SubmissionResult<string[]> | undefined}
        />
      ) : null}
    </section>
  );
}
