// /secretariat/legislation/new?country=MX: the secretariat records a bill, law or decree (its stage now
// and the date of that stage). Works without JavaScript; Conform + the shared Zod schema. The country's
// followers are alerted through the outbox.
import { type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Link, redirect } from "react-router";
import { SelectField, TextField } from "~/components/form-fields";
import { SummarisedForm } from "~/components/error-summary";
import { useSchemaForm } from "~/components/use-schema-form";
import { requireSecretariat } from "~/features/auth/index.server";
import { countryName, languageName } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { LegislationFields } from "../components/fields";
import { contentLanguages, legislationStages, recordSchema } from "../schemas";
import { recordLegislation } from "../services/legislation.server";
import type { Route } from "./+types/new";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const locale = getLocale(request, ctx.user.locale);
  const wanted = new URL(request.url).searchParams.get("country")?.toUpperCase() ?? "";
  const countries = await db().country.findMany({ select: { code: true } });
  const options = countries
    .map((c) => ({ value: c.code, label: countryName(c.code, locale) }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
  return {
    countries: [{ value: "", label: "—" }, ...options],
    country: options.some((c) => c.value === wanted) ? wanted : "",
    languages: contentLanguages.map((l) => ({ value: l, label: languageName(l, locale) })),
    defaultLanguage: locale,
    today: new Date().toISOString().slice(0, 10),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = await requireSecretariat(request);
  const submission = parseWithZod(await readForm(request), { schema: recordSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 422 });
  const { intent: _intent, ...input } = submission.value;
  const created = await db().$transaction((tx) =>
    recordLegislation(tx, ctx.viewer, { userId: ctx.user.id, ip: clientIp(context) }, input),
  );
  return redirect(`/legislation/${created.id}?done=recorded`);
}

export default function NewLegislation({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, conformFields] = useSchemaForm(recordSchema, {
    id: "legislation",
    lastResult: actionData?.result,
    defaultValue: {
      countryCode: loaderData.country,
      contentLanguage: loaderData.defaultLanguage,
      kind: "bill",
      direction: "closing",
      stage: "proposed",
      stageOn: loaderData.today,
    },
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  return (
    <section className="max-w-2xl space-y-4" aria-labelledby="legislation-new-title">
      {loaderData.country ? (
        <p className="text-sm">
          <Link to={`/countries/${loaderData.country}`}>
            {loaderData.countries.find((c) => c.value === loaderData.country)?.label}
          </Link>
        </p>
      ) : null}
      <h1 id="legislation-new-title">{t("legislation:form.newTitle")}</h1>
      <SummarisedForm form={form} className="space-y-4">
        <input type="hidden" name="intent" value="record" />
        <SelectField
          meta={fields.countryCode}
          label={t("legislation:form.country")}
          options={loaderData.countries}
        />
        <LegislationFields fields={fields} languages={loaderData.languages} />
        <SelectField
          meta={fields.stage}
          label={t("legislation:form.stage")}
          options={legislationStages.map((s) => ({ value: s, label: t(`legislation:stage.${s}`) }))}
        />
        <TextField meta={fields.stageOn} type="date" label={t("legislation:form.stageOn")} />
        <button type="submit" className="btn">
          {t("legislation:form.submit")}
        </button>
      </SummarisedForm>
    </section>
  );
}
