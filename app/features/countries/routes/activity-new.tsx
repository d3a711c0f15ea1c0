// /countries/:code/activities/new: a member records what their organisation is doing in the country
// (kind, summary, period, visibility). Works without JavaScript; Conform + the shared Zod schema.
import { type FieldMetadata } from "@conform-to/react";
import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Link, redirect } from "react-router";
import { SelectField, TextAreaField, TextField } from "~/components/form-fields";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireMember } from "~/features/auth/index.server";
import { countryName, languageName } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { countryArticle } from "~/i18n/countries";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { activityKinds, activitySchema, contentLanguages, visibilities } from "../schemas";
import { createActivity } from "../services/countries.server";
import type { Route } from "./+types/activity-new";
import { useSchemaForm } from "~/components/use-schema-form";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

async function load(request: Request, code: string) {
  const ctx = await requireMember(request, { vetted: true });
  const country = /^[A-Z]{2}$/.test(code)
    ? await db().country.findUnique({ where: { code }, select: { code: true } })
    : null;
  if (!country) throw httpError(404, "common:errors.notFound");
  return ctx;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await load(request, params.code);
  const locale = getLocale(request, ctx.user.locale);
  return {
    code: params.code,
    name: countryName(params.code, locale),
    article: countryArticle(params.code, locale),
    organisations: ctx.memberships
      .filter((m) => m.vettingLevel !== "unverified")
      .map((m) => ({ id: m.organisationId, name: m.organisationName })),
    defaultOrganisationId: ctx.organisation.id,
    languages: contentLanguages.map((l) => ({ value: l, label: languageName(l, locale) })),
    defaultLanguage: locale,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = await load(request, params.code);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: activitySchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 422 });
  const { intent: _intent, ...input } = submission.value;
  await db().$transaction((tx) =>
    createActivity(tx, ctx.viewer, { userId: ctx.user.id, ip: clientIp(context) }, params.code, input),
  );
  return redirect(`/countries/${params.code}?done=activity`);
}

export default function NewActivity({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, conformFields] = useSchemaForm(activitySchema, {
    id: "activity",
    lastResult: actionData?.result,
    defaultValue: {
      organisationId: loaderData.defaultOrganisationId,
      visibility: "network",
      contentLanguage: loaderData.defaultLanguage,
      kind: "legal",
    },
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  return (
    <section className="max-w-2xl space-y-4" aria-labelledby="activity-title">
      <p className="text-sm">
        <Link to={`/countries/${loaderData.code}`}>{loaderData.name}</Link>
      </p>
      <h1 id="activity-title">
        {t("countries:activityForm.title", {
          country: loaderData.name,
          countryArticle: loaderData.article,
        })}
      </h1>
      <p className="text-[var(--color-muted)]">{t("countries:activityForm.intro")}</p>
      <SummarisedForm form={form}>
        <input type="hidden" name="intent" value="create" />
        <SelectField
          meta={fields.organisationId}
          label={t("countries:activityForm.organisation")}
          options={loaderData.organisations.map((o) => ({ value: o.id, label: o.name }))}
        />
        <SelectField
          meta={fields.kind}
          label={t("countries:activityForm.kind")}
          options={activityKinds.map((k) => ({ value: k, label: t(`countries:kind.${k}`) }))}
        />
        <TextAreaField
          meta={fields.summary}
          label={t("countries:activityForm.summary")}
          hint={t("countries:activityForm.summaryHint")}
          rows={4}
        />
        <SelectField
          meta={fields.contentLanguage}
          label={t("countries:activityForm.language")}
          options={loaderData.languages}
        />
        <TextField meta={fields.startsOn} type="date" label={t("countries:activityForm.startsOn")} />
        <TextField
          meta={fields.endsOn}
          type="date"
          label={t("countries:activityForm.endsOn")}
          hint={t("countries:activityForm.endsOnHint")}
        />
        <SelectField
          meta={fields.visibility}
          label={t("countries:activityForm.visibility")}
          hint={t("countries:activityForm.visibilityHint")}
          options={visibilities.map((v) => ({ value: v, label: t(`countries:visibility.${v}`) }))}
        />
        <button type="submit" className="btn">
          {t("countries:activityForm.submit")}
        </button>
      </SummarisedForm>
    </section>
  );
}
