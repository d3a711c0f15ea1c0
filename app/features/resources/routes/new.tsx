// /resources/new: a member publishes a resource for their organisation (an expert organisation, a
// coalition or the secretariat) — as a draft, or published at once to the level they choose.
import { data, redirect } from "react-router";
import { mayPublishResourceFor, publishesToNetwork } from "~/features/auth/policy";
import { requireMember } from "~/features/auth/index.server";
import { countryOptions, languageOptions } from "~/features/taxonomy/pickers";
import { loadCountries, loadTaxonomy } from "~/features/taxonomy/reference.server";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { readForm } from "~/utils/forms.server";
import { httpError } from "~/utils/http.server";
import { clientIp } from "~/utils/request.server";
import { ResourceForm } from "../components/resource-form";
import { createResource, parseResourceForm } from "../services/resources.server";
import type { Route } from "./+types/new";
import { db } from "~/utils/db.server";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireMember(request);
  if (!mayPublishResourceFor(ctx.viewer, ctx.organisation.id))
    throw httpError(403, "common:errors.forbidden");
  const locale = getLocale(request, ctx.user.locale);
  const [taxonomy, countries] = await Promise.all([loadTaxonomy(locale), loadCountries()]);
  return {
    organisationName: ctx.organisation.name,
    trustedOnly: !publishesToNetwork(ctx.organisation.vettingLevel),
    taxonomy,
    countries: countryOptions(
      countries.map((c) => c.code),
      locale,
    ),
    languages: languageOptions(locale),
    defaultValue: { kind: "guide", contentLanguage: locale, languages: [locale], visibility: "network" },
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = await requireMember(request);
  if (!mayPublishResourceFor(ctx.viewer, ctx.organisation.id))
    throw httpError(403, "common:errors.forbidden");
  const parsed = await parseResourceForm(await readForm(request));
  if (!parsed.ok) return data({ result: parsed.reply }, { status: 422 });
  const publish = parsed.intent === "publish";
  const resource = await db().$transaction((tx) =>
    createResource(
      tx,
      { userId: ctx.user.id, organisationId: ctx.organisation.id, ip: clientIp(context) },
      parsed.input,
      publish,
    ),
  );
  return redirect(`/resources/${resource.id}?done=${publish ? "published" : "created"}`);
}

export default function NewResource({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <section className="space-y-4" aria-labelledby="new-resource-title">
      <h1 id="new-resource-title">{t("resources:form.newTitle")}</h1>
      <p className="text-[var(--color-muted)]">
        {t("resources:form.publishingAs", { organisation: loaderData.organisationName })}
      </p>
      <ResourceForm id="resource-new" mode="create" lastResult={actionData?.result} {...loaderData} />
    </section>
  );
}
