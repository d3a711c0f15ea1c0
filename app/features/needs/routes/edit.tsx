// /needs/:id/edit: the owning coalition edits its need while it may still change (draft to matching).
import { useTranslation } from "~/i18n/use-translation";
import { data, redirect } from "react-router";
import { needAccess } from "~/features/auth/policy";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { NeedForm } from "../components/need-form";
import { countryOptions, languageOptions } from "~/features/taxonomy/pickers";
import { openNeedText } from "../services/confidential.server";
import { parseNeedForm } from "../services/need-form.server";
import { editableNeedStatuses, updateNeed } from "../services/need-lifecycle.server";
import { loadCountries, loadTaxonomy } from "~/features/taxonomy/reference.server";
import { orRefusal } from "~/utils/lifecycle/respond.server";
import type { Route } from "./+types/edit";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

async function ownNeed(request: Request, id: string) {
  const ctx = await requireUser(request);
  const need = await db().need.findUnique({ where: { id } });
  // Someone who may not see it must not learn it exists: 404. Someone who may see it but not edit: 403.
  if (!need) throw httpError(404, "common:errors.notFound");
  const access = needAccess(ctx.viewer, need);
  if (access.level === "none") throw httpError(404, "common:errors.notFound");
  if (!access.owner) throw httpError(403, "common:errors.forbidden");
  if (!editableNeedStatuses.includes(need.status)) throw httpError(409, "needs:errors.transitionRefused");
  return { ctx, need };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { ctx, need: row } = await ownNeed(request, params.id);
  const locale = getLocale(request, ctx.user.locale);
  const [taxonomy, countries, need] = await Promise.all([
    loadTaxonomy(locale),
    loadCountries(),
    openNeedText(db(), row),
  ]);
  return {
    id: need.id,
    taxonomy,
    countries: countryOptions(
      countries.map((c) => c.code),
      locale,
    ),
    languages: languageOptions(locale, [need.contentLanguage, ...need.languages]),
    defaultValue: {
      title: need.title,
      summary: need.summary,
      details: need.details,
      outcomeWanted: need.outcomeWanted,
      contentLanguage: need.contentLanguage,
      categoryId: need.categoryId,
      topicIds: need.topicIds,
      countryCode: need.countryCode,
      languages: need.languages,
      urgency: need.urgency,
      wantedBy: need.wantedBy ? need.wantedBy.toISOString().slice(0, 10) : undefined,
      effortHours: need.effortHours ?? undefined,
      format: need.format,
      civicContext: need.civicContext,
      visibility: need.visibility,
      anonymised: need.anonymised ? "on" : undefined,
      expertsWanted: need.expertsWanted,
    },
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, need } = await ownNeed(request, params.id);
  const parsed = await parseNeedForm(await readForm(request));
  if (!parsed.ok) return data({ result: parsed.reply }, { status: 422 });
  await orRefusal(() =>
    db().$transaction((tx) =>
      updateNeed(tx, { userId: ctx.user.id, ip: clientIp(context) }, need.id, parsed.input),
    ),
  );
  return redirect(`/needs/${need.id}?done=saved`);
}

export default function EditNeed({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <section className="space-y-4" aria-labelledby="edit-need-title">
      <h1 id="edit-need-title">{t("needs:form.editTitle")}</h1>
      <NeedForm
        id={`need-edit-${loaderData.id}`}
        mode="edit"
        lastResult={actionData?.result}
        defaultValue={loaderData.defaultValue}
        taxonomy={loaderData.taxonomy}
        countries={loaderData.countries}
        languages={loaderData.languages}
      />
    </section>
  );
}
