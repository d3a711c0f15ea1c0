// /apply — the public application form: a coalition, an expert organisation or an ally applies to join.
// Works without JavaScript; no third-party CAPTCHA: a honeypot field (bots fill it, people never see it;
// a filled one gets the same thank-you and nothing is stored) and a per-IP rate limit (429 after five an
// hour). Everything submitted is for the secretariat's eyes only.
import { useForm } from "@conform-to/react";
import { SummarisedForm } from "~/components/error-summary";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, useSearchParams } from "react-router";
import { Notice, SelectField, TextAreaField, TextField } from "~/components/form-fields";
import { countryOptions } from "~/features/taxonomy/pickers";
import { loadCountries } from "~/features/taxonomy/reference.server";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { hit } from "~/utils/rate-limit.server";
import { clientIp, tooManyAttempts } from "~/utils/request.server";
import { retryAfterHeaders } from "~/utils/route-headers";
import { applicationSchema } from "../schemas";
import { submitApplication } from "../services/applications.server";
import type { Route } from "./+types/apply";

export const headers = retryAfterHeaders;
export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const locale = getLocale(request);
  const countries = await loadCountries();
  return {
    countries: countryOptions(
      countries.map((c) => c.code),
      locale,
    ),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request);
  const submission = parseWithZod(form, { schema: applicationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  // The honeypot: answered as if accepted, so a bot learns nothing; nothing is stored.
  if (submission.value.homepage) return redirect("/apply?done=sent");
  const ip = clientIp(context);
  const limited = await hit("applyIp", ip);
  if (!limited.ok)
    return tooManyAttempts(submission.reply({ formErrors: ["outreach:apply.tooMany"] }), limited.retryAfter);
  const { homepage: _h, ...input } = submission.value;
  await db().$transaction((tx) => submitApplication(tx, { ...input, locale: getLocale(request) }, ip));
  return redirect("/apply?done=sent");
}

export default function Apply({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    id: "apply",
    lastResult: actionData?.result,
    constraint: getZodConstraint(applicationSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: applicationSchema }),
  });
  if (params.get("done") === "sent")
    return (
      <section className="mx-auto max-w-2xl space-y-4" aria-labelledby="apply-title">
        <h1 id="apply-title">{t("outreach:apply.title")}</h1>
        <Notice>{t("outreach:apply.sent")}</Notice>
      </section>
    );
  return (
    <section className="mx-auto max-w-2xl space-y-6" aria-labelledby="apply-title">
      <h1 id="apply-title">{t("outreach:apply.title")}</h1>
      <p>{t("outreach:apply.intro")}</p>
      <SummarisedForm form={form}>
        <SelectField
          meta={fields.kind}
          label={t("outreach:apply.kind")}
          options={(["coalition", "expert", "ally"] as const).map((k) => ({
            value: k,
            label: t(`outreach:apply.kinds.${k}`),
          }))}
        />
        <TextField meta={fields.organisationName} label={t("outreach:apply.organisationName")} />
        <SelectField
          meta={fields.countryCode}
          label={t("outreach:apply.country")}
          options={loaderData.countries}
        />
        <TextField meta={fields.website} label={t("outreach:apply.website")} type="url" />
        <TextAreaField
          meta={fields.mission}
          label={t("outreach:apply.mission")}
          hint={t("outreach:apply.missionHint")}
        />
        <TextAreaField
          meta={fields.references}
          label={t("outreach:apply.references")}
          hint={t("outreach:apply.referencesHint")}
          rows={3}
        />
        <TextField meta={fields.contactName} label={t("outreach:apply.contactName")} autoComplete="name" />
        <TextField
          meta={fields.contactEmail}
          label={t("outreach:apply.contactEmail")}
          type="email"
          autoComplete="email"
        />
        {/* The honeypot: hidden from people and assistive technology, left empty by them. */}
        <div className="hidden" aria-hidden="true">
          <label htmlFor="apply-homepage">Homepage</label>
          <input id="apply-homepage" name="homepage" tabIndex={-1} autoComplete="off" />
        </div>
        <p className="text-sm text-[var(--color-muted)]">{t("outreach:apply.privacy")}</p>
        <button type="submit" className="btn">
          {t("outreach:apply.submit")}
        </button>
      </SummarisedForm>
    </section>
  );
}
