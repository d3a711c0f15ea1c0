// /resources/:id/edit: the publishing organisation edits its resource (not once archived).
import { data, Link, redirect } from "react-router";
import { publishesToNetwork } from "~/features/auth/policy";
import { requireUser } from "~/features/auth/index.server";
import { countryOptions, languageOptions } from "~/features/taxonomy/pickers";
import { loadCountries, loadTaxonomy } from "~/features/taxonomy/reference.server";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { readForm } from "~/utils/forms.server";
import { httpError } from "~/utils/http.server";
import { clientIp } from "~/utils/request.server";
import { ResourceForm } from "../components/resource-form";
import { parseResourceForm, resourceFor, updateResource } from "../services/resources.server";
import type { Route } from "./+types/edit";
import { db } from "~/utils/db.server";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

async function editable(request: Request, id: string) {
  const ctx = await requireUser(request);
  const { resource, access } = await resourceFor(ctx.viewer, id);
  if (access !== "manage") throw httpError(403, "common:errors.forbidden");
  if (resource.status === "archived") throw httpError(409, "resources:errors.notEditable");
  return { ctx, resource };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { ctx, resource } = await editable(request, params.id);
  const locale = getLocale(request, ctx.user.locale);
  const [taxonomy, countries] = await Promise.all([loadTaxonomy(locale), loadCountries()]);
  return {
    id: resource.id,
    title: resource.title,
    lang: resource.contentLanguage,
    trustedOnly: !publishesToNetwork(resource.organisation.vettingLevel),
    taxonomy,
    countries: countryOptions(
      countries.map((c) => c.code),
      locale,
    ),
    languages: languageOptions(locale, [resource.contentLanguage, ...resource.languages]),
    defaultValue: {
      kind: resource.kind,
      title: resource.title,
      summary: resource.summary,
      body: resource.body,
      contentLanguage: resource.contentLanguage,
      languages: resource.languages,
      topicIds: resource.topicIds,
      countryCodes: resource.countryCodes,
      visibility: resource.visibility,
    },
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, resource } = await editable(request, params.id);
  const parsed = await parseResourceForm(await readForm(request));
  if (!parsed.ok) return data({ result: parsed.reply }, { status: 422 });
  await db().$transaction((tx) =>
    updateResource(
      tx,
      { userId: ctx.user.id, organisationId: resource.organisationId, ip: clientIp(context) },
      resource.id,
      parsed.input,
    ),
  );
  return redirect(`/resources/${resource.id}?done=saved`);
}

export default function EditResource({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <section className="space-y-4" aria-labelledby="edit-resource-title">
      <p className="text-sm">
        <Link to={`/resources/${loaderData.id}`} lang={loaderData.lang}>
          {loaderData.title}
        </Link>
      </p>
      <h1 id="edit-resource-title">{t("resources:form.editTitle")}</h1>
      <ResourceForm
        mode="edit"
        lastResult={actionData?.result}
        taxonomy={loaderData.taxonomy}
        countries={loaderData.countries}
        languages={loaderData.languages}
        defaultValue={loaderData.defaultValue}
        trustedOnly={loaderData.trustedOnly}
        id="resource-edit"
      />
    </section>
  );
}
