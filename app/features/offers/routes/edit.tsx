// /offers/:id/edit: the owning expert organisation edits its offer (not once retired).
import { useTranslation } from "~/i18n/use-translation";
import { data, redirect } from "react-router";
import { isPeerOffer, offerAccess } from "~/features/auth/policy";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { countryOptions, languageOptions } from "~/features/taxonomy/pickers";
import { loadCountries, loadTaxonomy } from "~/features/taxonomy/reference.server";
import { orRefusal } from "~/utils/lifecycle/respond.server";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { OfferForm } from "../components/offer-form";
import { parseOfferForm } from "../services/offer-form.server";
import { editableOfferStatuses, updateOffer } from "../services/offer-lifecycle.server";
import type { Route } from "./+types/edit";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

async function ownOffer(request: Request, id: string) {
  const ctx = await requireUser(request);
  const offer = await db().offer.findUnique({
    where: { id },
    include: { organisation: { select: { vettingLevel: true, kind: true } } },
  });
  if (!offer) throw httpError(404, "common:errors.notFound");
  const access = offerAccess(ctx.viewer, { ...offer, vettingLevel: offer.organisation.vettingLevel });
  if (access === "none") throw httpError(404, "common:errors.notFound");
  if (access !== "manage") throw httpError(403, "common:errors.forbidden");
  if (!editableOfferStatuses.includes(offer.status)) throw httpError(409, "offers:errors.transitionRefused");
  return { ctx, offer };
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : undefined);

export async function loader({ request, params }: Route.LoaderArgs) {
  const { ctx, offer } = await ownOffer(request, params.id);
  const locale = getLocale(request, ctx.user.locale);
  const [taxonomy, countries] = await Promise.all([loadTaxonomy(locale), loadCountries()]);
  return {
    id: offer.id,
    peer: isPeerOffer(offer.organisation),
    taxonomy,
    countries: countryOptions(
      countries.map((c) => c.code),
      locale,
    ),
    languages: languageOptions(locale, [offer.contentLanguage, ...offer.languages]),
    defaultValue: {
      title: offer.title,
      description: offer.description,
      contentLanguage: offer.contentLanguage,
      categoryIds: offer.categoryIds,
      topicIds: offer.topicIds,
      coverageGlobal: offer.coverageGlobal ? "on" : undefined,
      coverageCountries: offer.coverageCountries,
      coverageRegions: offer.coverageRegions,
      languages: offer.languages,
      hoursPerMonth: offer.hoursPerMonth,
      maxConcurrent: offer.maxConcurrent,
      availableFrom: day(offer.availableFrom),
      availableTo: day(offer.availableTo),
      format: offer.format,
      responseTimeDays: offer.responseTimeDays,
      terms: offer.terms,
      peerKinds: offer.peerKinds,
    },
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, offer } = await ownOffer(request, params.id);
  const parsed = await parseOfferForm(await readForm(request), {
    peer: isPeerOffer(offer.organisation),
  });
  if (!parsed.ok) return data({ result: parsed.reply }, { status: 422 });
  await orRefusal(() =>
    db().$transaction((tx) =>
      updateOffer(tx, { userId: ctx.user.id, ip: clientIp(context) }, offer.id, parsed.input),
    ),
  );
  return redirect(`/offers/${offer.id}?done=saved`);
}

export default function EditOffer({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { id, ...rest } = loaderData;
  return (
    <section className="space-y-4" aria-labelledby="edit-offer-title">
      <h1 id="edit-offer-title">{t("offers:form.editTitle")}</h1>
      <OfferForm id={`offer-edit-${id}`} mode="edit" lastResult={actionData?.result} {...rest} />
    </section>
  );
}
