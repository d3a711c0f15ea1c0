// /offers/new: an expert member publishes an offer (draft, or active at once); a coalition member publishes
// a peer offer the same way (its experience, strategy, materials, an exchange visit).
import { useTranslation } from "~/i18n/use-translation";
import { data, redirect } from "react-router";
import { isPeerOffer, offerPublisherKinds } from "~/features/auth/policy";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireMember } from "~/features/auth/index.server";
import { countryOptions, languageOptions } from "~/features/taxonomy/pickers";
import { loadCountries, loadTaxonomy } from "~/features/taxonomy/reference.server";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/utils/db.server";
import { OfferForm } from "../components/offer-form";
import { parseOfferForm } from "../services/offer-form.server";
import { createOffer } from "../services/offer-lifecycle.server";
import type { Route } from "./+types/new";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireMember(request, { kind: offerPublisherKinds });
  const locale = getLocale(request, ctx.user.locale);
  const org = await db().organisation.findUniqueOrThrow({
    where: { id: ctx.organisation.id },
    select: {
      kind: true,
      languages: true,
      coverageGlobal: true,
      coverageCountries: true,
      coverageRegions: true,
    },
  });
  const [taxonomy, countries] = await Promise.all([loadTaxonomy(locale), loadCountries()]);
  return {
    peer: isPeerOffer(org),
    taxonomy,
    countries: countryOptions(
      countries.map((c) => c.code),
      locale,
    ),
    languages: languageOptions(locale),
    defaultValue: {
      contentLanguage: locale,
      languages: org.languages.length ? org.languages : [locale],
      coverageGlobal: org.coverageGlobal ? "on" : undefined,
      coverageCountries: org.coverageCountries,
      coverageRegions: org.coverageRegions,
      maxConcurrent: 1,
      responseTimeDays: 7,
      availableFrom: new Date().toISOString().slice(0, 10),
      format: "either",
      terms: "pro_bono",
    },
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = await requireMember(request, { kind: offerPublisherKinds });
  const parsed = await parseOfferForm(await readForm(request), {
    peer: isPeerOffer(ctx.organisation),
  });
  if (!parsed.ok) return data({ result: parsed.reply }, { status: 422 });
  const activate = parsed.intent === "activate";
  const offer = await db().$transaction((tx) =>
    createOffer(tx, {
      organisationId: ctx.organisation.id,
      actor: { userId: ctx.user.id, ip: clientIp(context) },
      input: parsed.input,
      activate,
    }),
  );
  return redirect(`/offers/${offer.id}?done=${activate ? "activated" : "created"}`);
}

export default function NewOffer({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <section className="space-y-4" aria-labelledby="new-offer-title">
      <h1 id="new-offer-title">{t("offers:form.newTitle")}</h1>
      <OfferForm id="offer-new" mode="create" lastResult={actionData?.result} {...loaderData} />
    </section>
  );
}
