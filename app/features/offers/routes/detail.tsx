// /offers/:id: an offer as the viewer may see it, its remaining capacity, and (for its organisation) the
// lifecycle actions: activate, pause, resume, retire. 404 for someone who may not know it exists.
import { useTranslation } from "~/i18n/use-translation";
import { Form, Link, redirect, useSearchParams } from "react-router";
import { mayRequestFor, offerAccess } from "~/features/auth/policy";
import { VettingBadge } from "~/components/vetting-badge";
import { Notice } from "~/components/form-fields";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { PeerOfferNote } from "~/features/outreach";
import { loadTaxonomy } from "~/features/taxonomy/reference.server";
import { orRefusal } from "~/utils/lifecycle/respond.server";
import { getLocale } from "~/i18n/i18n.server";
import { countryName, formatDate, formatNumber, languageName } from "~/i18n/format";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { loadOfferCapacities } from "../services/capacity.server";
import {
  activateOffer,
  canOffer,
  editableOfferStatuses,
  pauseOffer,
  resumeOffer,
  retireOffer,
  type OfferAction,
} from "../services/offer-lifecycle.server";
import { ConfirmLink, ConfirmPanel, useConfirming } from "~/components/confirm-step";
import type { Route } from "./+types/detail";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

async function loadFor(request: Request, id: string) {
  const ctx = await requireUser(request);
  const offer = await db().offer.findUnique({
    where: { id },
    include: { organisation: { select: { name: true, kind: true, vettingLevel: true } } },
  });
  if (!offer) throw httpError(404, "common:errors.notFound");
  const access = offerAccess(ctx.viewer, { ...offer, vettingLevel: offer.organisation.vettingLevel });
  if (access === "none") throw httpError(404, "common:errors.notFound");
  return { ctx, offer, access };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { ctx, offer, access } = await loadFor(request, params.id);
  const locale = getLocale(request, ctx.user.locale);
  const [capacities, taxonomy] = await Promise.all([loadOfferCapacities([offer]), loadTaxonomy(locale)]);
  const manage = access === "manage";
  const topics = taxonomy.flatMap((c) => c.topics);
  const { createdById: _c, ...shown } = offer;
  return {
    locale,
    offer: shown,
    capacity: capacities.get(offer.id)!,
    manage,
    categoryLabels: offer.categoryIds.map((id) => taxonomy.find((c) => c.id === id)?.label ?? id),
    topicLabels: offer.topicIds.map((id) => topics.find((tp) => tp.id === id)?.label ?? id),
    countryLabels: offer.coverageCountries.map((c) => countryName(c, locale)),
    languageLabels: offer.languages.map((l) => languageName(l, locale)),
    can: {
      // "Ask this expert": a coalition of the viewer's may ask for an active offer of another organisation.
      ask:
        offer.status === "active" &&
        ctx.viewer!.memberships.some(
          (m) => m.organisationId !== offer.organisationId && mayRequestFor(ctx.viewer, m.organisationId),
        ),
      edit: manage && editableOfferStatuses.includes(offer.status),
      activate: manage && canOffer("activate", offer.status),
      pause: manage && canOffer("pause", offer.status),
      resume: manage && canOffer("resume", offer.status),
      retire: manage && canOffer("retire", offer.status),
    },
  };
}

const actions = {
  activate: activateOffer,
  pause: pauseOffer,
  resume: resumeOffer,
  retire: retireOffer,
} satisfies Record<OfferAction, unknown>;
const notices: Record<OfferAction, string> = {
  activate: "activated",
  pause: "paused",
  resume: "resumed",
  retire: "retired",
};

export async function action({ request, params, context }: Route.ActionArgs) {
  const intent = String((await readForm(request)).get("intent") ?? "");
  if (!Object.hasOwn(actions, intent)) throw httpError(400, "common:errors.badRequest");
  const { ctx, offer, access } = await loadFor(request, params.id);
  if (access !== "manage") throw httpError(403, "common:errors.forbidden");
  const run = actions[intent as OfferAction];
  await orRefusal(() =>
    db().$transaction((tx) => run(tx, { userId: ctx.user.id, ip: clientIp(context) }, offer.id)),
  );
  return redirect(`/offers/${offer.id}?done=${notices[intent as OfferAction]}`);
}

export default function OfferDetail({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const retiring = useConfirming("retire");
  const { offer, locale, capacity, can } = loaderData;
  const done = search.get("done");
  const lifecycle = (["activate", "pause", "resume", "retire"] as const).filter((a) => can[a]);
  return (
    <article className="space-y-6" aria-labelledby="offer-title">
      {done && ["created", "activated", "saved", "paused", "resumed", "retired"].includes(done) ? (
        <Notice>{t(`offers:notice.${done}`)}</Notice>
      ) : null}
      <header className="space-y-2">
        <p className="text-sm">
          <Link to={loaderData.manage ? "/offers/mine" : "/offers"}>
            {t(loaderData.manage ? "common:nav.myOffers" : "common:nav.offers")}
          </Link>
        </p>
        <h1 id="offer-title" lang={offer.contentLanguage}>
          {offer.title}
        </h1>
        <p className="text-[var(--color-muted)]">
          {offer.organisation.name}
          <PeerOfferNote peer={offer.organisation.kind === "COALITION"} kinds={offer.peerKinds} />
        </p>
        <p className="flex flex-wrap gap-2">
          <span className="badge">{t(`offers:status.${offer.status}`)}</span>
          <VettingBadge level={offer.organisation.vettingLevel} />
        </p>
      </header>
      <p lang={offer.contentLanguage} className="whitespace-pre-line">
        {offer.description}
      </p>
      {can.ask ? (
        <p>
          <Link to={`/offers/${offer.id}/ask`} className="btn">
            {t("outreach:link.ask")}
          </Link>
        </p>
      ) : null}
      <section aria-labelledby="capacity-title" className="card">
        <h2 id="capacity-title">{t("offers:fields.capacity")}</h2>
        <p>
          {t("offers:detail.capacityDetail", {
            slots: capacity.slotsLeft,
            total: capacity.slotsTotal,
            hours: capacity.hoursLeft,
            totalHours: capacity.hoursTotal,
          })}
        </p>
      </section>
      <section aria-labelledby="about-title">
        <h2 id="about-title">{t("offers:detail.about")}</h2>
        <dl className="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
          <dt className="font-semibold">{t("offers:fields.categories")}</dt>
          <dd>{loaderData.categoryLabels.join(", ")}</dd>
          <dt className="font-semibold">{t("offers:fields.topics")}</dt>
          <dd>{loaderData.topicLabels.join(" · ") || "—"}</dd>
          <dt className="font-semibold">{t("offers:fields.coverage")}</dt>
          <dd>
            {offer.coverageGlobal
              ? t("offers:board.coverageGlobal")
              : [
                  ...offer.coverageRegions.map((r) => t(`taxonomy:region.${r}`)),
                  ...loaderData.countryLabels,
                ].join(", ")}
          </dd>
          <dt className="font-semibold">{t("offers:fields.languages")}</dt>
          <dd>{loaderData.languageLabels.join(", ")}</dd>
          <dt className="font-semibold">{t("offers:fields.hoursPerMonth")}</dt>
          <dd>{formatNumber(offer.hoursPerMonth, locale)}</dd>
          <dt className="font-semibold">{t("offers:fields.maxConcurrent")}</dt>
          <dd>{formatNumber(offer.maxConcurrent, locale)}</dd>
          <dt className="font-semibold">{t("offers:detail.availability")}</dt>
          <dd>
            {offer.availableTo
              ? t("offers:detail.availableRange", {
                  from: formatDate(offer.availableFrom, locale),
                  to: formatDate(offer.availableTo, locale),
                })
              : t("offers:detail.availableFrom", { from: formatDate(offer.availableFrom, locale) })}
          </dd>
          <dt className="font-semibold">{t("offers:fields.format")}</dt>
          <dd>{t(`needs:format.${offer.format}`)}</dd>
          <dt className="font-semibold">{t("offers:fields.responseTimeDays")}</dt>
          <dd>{t("offers:detail.responseTime", { count: offer.responseTimeDays })}</dd>
          <dt className="font-semibold">{t("offers:fields.terms")}</dt>
          <dd>{t(`offers:terms.${offer.terms}`)}</dd>
        </dl>
      </section>
      {can.edit || lifecycle.length ? (
        <section aria-labelledby="actions-title" className="space-y-3">
          <h2 id="actions-title">{t("offers:detail.actions")}</h2>
          <div className="flex flex-wrap items-start gap-3">
            {can.edit ? (
              <Link to={`/offers/${offer.id}/edit`} className="btn btn-secondary">
                {t("offers:detail.edit")}
              </Link>
            ) : null}
            {lifecycle.map((a) =>
              a === "retire" ? (
                retiring ? null : (
                  <ConfirmLink action="retire" key={a}>
                    {t("home:confirm.retire.link")}
                  </ConfirmLink>
                )
              ) : (
                <Form method="post" key={a}>
                  <button type="submit" name="intent" value={a} className="btn">
                    {t(`offers:detail.${a}`)}
                  </button>
                </Form>
              ),
            )}
          </div>
          {can.retire && retiring ? (
            <ConfirmPanel
              action="retire"
              title={t("home:confirm.retire.title")}
              warning={t("home:confirm.retire.warning")}
              cancelLabel={t("home:confirm.cancel")}
            >
              <p className="text-sm text-[var(--color-muted)]">{t("offers:detail.retireHint")}</p>
              <Form method="post">
                <button type="submit" name="intent" value="retire" className="btn btn-danger">
                  {t("offers:detail.retire")}
                </button>
              </Form>
            </ConfirmPanel>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}
