// /needs/new: a coalition member posts a need (saved as a draft, or submitted for triage at once).
import { useTranslation } from "~/i18n/use-translation";
import { data, redirect } from "react-router";
import { defaultNeedSettings } from "~/features/auth/policy";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireMember } from "~/features/auth/index.server";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/utils/db.server";
import { NeedForm } from "../components/need-form";
import { countryOptions, languageOptions } from "~/features/taxonomy/pickers";
import { parseNeedForm } from "../services/need-form.server";
import { createNeed } from "../services/need-lifecycle.server";
import { invalidateNeedsBoard } from "../services/needs-board.server";
import { countryRating, loadCountries, loadTaxonomy } from "~/features/taxonomy/reference.server";
import type { Route } from "./+types/new";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireMember(request, { kind: "COALITION" });
  const locale = getLocale(request, ctx.user.locale);
  const org = await db().organisation.findUniqueOrThrow({
    where: { id: ctx.organisation.id },
    select: { countryCode: true, languages: true },
  });
  const rating = org.countryCode ? await countryRating(org.countryCode) : null;
  const defaults = defaultNeedSettings(rating);
  const [taxonomy, countries] = await Promise.all([loadTaxonomy(locale), loadCountries()]);
  return {
    taxonomy,
    countries: countryOptions(
      countries.map((c) => c.code),
      locale,
    ),
    languages: languageOptions(locale),
    strict: defaults.anonymised,
    defaultValue: {
      countryCode: org.countryCode ?? "",
      contentLanguage: locale,
      languages: org.languages.length ? org.languages : [locale],
      urgency: "normal",
      format: "either",
      civicContext: "steady",
      expertsWanted: "1",
      visibility: defaults.visibility,
      anonymised: defaults.anonymised ? "on" : undefined,
    },
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = await requireMember(request, { kind: "COALITION" });
  const parsed = await parseNeedForm(await readForm(request));
  if (!parsed.ok) return data({ result: parsed.reply }, { status: 422 });
  const submit = parsed.intent === "submit";
  const need = await db().$transaction((tx) =>
    createNeed(tx, {
      organisationId: ctx.organisation.id,
      actor: { userId: ctx.user.id, ip: clientIp(context) },
      input: parsed.input,
      submit,
    }),
  );
  invalidateNeedsBoard();
  return redirect(`/needs/${need.id}?done=${submit ? "submitted" : "created"}`);
}

export default function NewNeed({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <section className="space-y-4" aria-labelledby="new-need-title">
      <h1 id="new-need-title">{t("needs:form.newTitle")}</h1>
      {loaderData.strict ? <p className="card">{t("needs:form.strictDefaults")}</p> : null}
      <NeedForm
        id="need-new"
        mode="create"
        lastResult={actionData?.result}
        defaultValue={loaderData.defaultValue}
        taxonomy={loaderData.taxonomy}
        countries={loaderData.countries}
        languages={loaderData.languages}
      />
    </section>
  );
}
