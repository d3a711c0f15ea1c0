// /secretariat/countries/:code/rating: the secretariat sets a country's civic-space rating, trend and a
// short situation note; each change is kept with its date (CountryRatingChange) and audited.
import { useReaderZone } from "~/root";
import { SummarisedForm } from "~/components/error-summary";
import { type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Link, redirect } from "react-router";
import { SelectField, TextAreaField } from "~/components/form-fields";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireSecretariat } from "~/features/auth/index.server";
import { countryName, formatDate } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { ratingSchema, ratings, trends } from "../schemas";
import { setCountryRating } from "../services/countries.server";
import type { Route } from "./+types/rating";
import { useSchemaForm } from "~/components/use-schema-form";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const locale = getLocale(request, ctx.user.locale);
  const country = /^[A-Z]{2}$/.test(params.code)
    ? await db().country.findUnique({
        where: { code: params.code },
        select: {
          code: true,
          civicSpaceRating: true,
          ratingTrend: true,
          situationNote: true,
          ratingHistory: {
            orderBy: { createdAt: "desc" },
            take: 50,
            select: {
              id: true,
              rating: true,
              trend: true,
              note: true,
              createdAt: true,
              setBy: { select: { name: true } },
            },
          },
        },
      })
    : null;
  if (!country) throw httpError(404, "common:errors.notFound");
  return { locale, country, name: countryName(country.code, locale) };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = await requireSecretariat(request);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: ratingSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 422 });
  await db().$transaction((tx) =>
    setCountryRating(tx, { userId: ctx.user.id, ip: clientIp(context) }, params.code, submission.value),
  );
  return redirect(`/countries/${params.code}?done=rated`);
}

export default function RatingPage({ loaderData, actionData }: Route.ComponentProps) {
  const zone = useReaderZone();
  const { t } = useTranslation();
  const { country, locale } = loaderData;
  const [form, conformFields] = useSchemaForm(ratingSchema, {
    shouldValidate: "onSubmit",
    id: "rating",
    lastResult: actionData?.result,
    defaultValue: {
      rating: country.civicSpaceRating,
      trend: country.ratingTrend,
      note: country.situationNote ?? "",
    },
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  return (
    <section className="max-w-2xl space-y-4" aria-labelledby="rating-title">
      <p className="text-sm">
        <Link to={`/countries/${country.code}`}>{loaderData.name}</Link>
      </p>
      <h1 id="rating-title">{t("countries:ratingForm.title", { country: loaderData.name })}</h1>
      <SummarisedForm form={form}>
        <input type="hidden" name="intent" value="rate" />
        <SelectField
          meta={fields.rating}
          label={t("countries:ratingForm.rating")}
          options={ratings.map((r) => ({ value: r, label: t(`countries:rating.${r}`) }))}
        />
        <SelectField
          meta={fields.trend}
          label={t("countries:ratingForm.trend")}
          options={trends.map((r) => ({ value: r, label: t(`countries:trend.${r}`) }))}
        />
        <TextAreaField
          meta={fields.note}
          label={t("countries:ratingForm.note")}
          hint={t("countries:ratingForm.noteHint")}
          rows={3}
        />
        <button type="submit" className="btn">
          {t("countries:ratingForm.submit")}
        </button>
      </SummarisedForm>
      <h2>{t("countries:page.history")}</h2>
      {country.ratingHistory.length ? (
        <ol className="space-y-1">
          {country.ratingHistory.map((h) => (
            <li key={h.id}>
              {formatDate(h.createdAt, locale, "medium", zone)} — {t(`countries:rating.${h.rating}`)} ·{" "}
              {t(`countries:trend.${h.trend}`)}
              {h.note ? ` — ${h.note}` : ""}
              {h.setBy ? ` (${h.setBy.name})` : ""}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t("countries:ratingForm.noHistory")}</p>
      )}
    </section>
  );
}
