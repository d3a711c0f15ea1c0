// /offers (the board) and /offers/mine (the organisation's own offers). Filters, sorting and the page live
// in the query string; each offer shows its remaining capacity from live engagements.
import { useTranslation } from "~/i18n/use-translation";
import { Form, Link } from "react-router";
import { requireUser } from "~/features/auth/services/session.server";
import { collatorFor, FacetSelect, formatCount, Pagination } from "~/features/needs/components/board-parts";
import { loadTaxonomy } from "~/features/needs/services/reference.server";
import { regions } from "~/features/taxonomy/reference-data";
import { getLocale } from "~/i18n/i18n.server";
import { countryName, languageName } from "~/i18n/format";
import { offerSorts, offerStatuses, parseOfferBoardParams, postedWindows } from "../board-params";
import { loadOffersBoard } from "../services/offers-board.server";
import type { Route } from "./+types/board";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const url = new URL(request.url);
  const mine = /\/mine\/?$/.test(url.pathname);
  const locale = getLocale(request, ctx.user.locale);
  const params = parseOfferBoardParams(url);
  const [board, taxonomy] = await Promise.all([
    loadOffersBoard(ctx.viewer, params, { mine }),
    loadTaxonomy(locale),
  ]);
  const countryCodes = new Set([
    ...Object.keys(board.facets.country),
    ...board.items.flatMap((i) => i.coverageCountries),
  ]);
  if (params.country) countryCodes.add(params.country);
  const languageCodes = new Set([
    ...Object.keys(board.facets.language),
    ...board.items.flatMap((i) => i.languages),
  ]);
  return {
    locale,
    mine,
    params,
    board,
    taxonomy,
    countryNames: Object.fromEntries([...countryCodes].map((c) => [c, countryName(c, locale)])),
    languageNames: Object.fromEntries([...languageCodes].map((c) => [c, languageName(c, locale)])),
    canPost: ctx.memberships.some((m) => m.kind === "EXPERT"),
  };
}

export default function OffersBoard({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { locale, mine, params, board, taxonomy, countryNames, languageNames, canPost } = loaderData;
  const categoryLabel = Object.fromEntries(taxonomy.map((c) => [c.id, c.label]));
  const collator = collatorFor(locale);
  const byName = (a: { label: string }, b: { label: string }) => collator.compare(a.label, b.label);
  const title = mine ? t("offers:board.mineTitle") : t("offers:board.title");
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1>{title}</h1>
          <p className="text-[var(--color-muted)]">
            {mine ? t("offers:board.mineIntro") : t("offers:board.intro")}
          </p>
        </div>
        <nav className="flex gap-3" aria-label={title}>
          {mine ? (
            <Link to="/offers">{t("common:nav.offers")}</Link>
          ) : (
            <Link to="/offers/mine">{t("common:nav.myOffers")}</Link>
          )}
          {canPost ? (
            <Link to="/offers/new" className="btn">
              {t("offers:board.new")}
            </Link>
          ) : null}
        </nav>
      </header>
      <div className="grid gap-6 md:grid-cols-[16rem_1fr]">
        <Form method="get" className="card space-y-3 self-start" aria-labelledby="filters-title">
          <h2 id="filters-title">{t("needs:board.filters")}</h2>
          <div className="space-y-1">
            <label htmlFor="filter-q" className="block text-sm">
              {t("needs:board.search")}
            </label>
            <input id="filter-q" name="q" type="search" defaultValue={params.q ?? ""} className="text-sm" />
          </div>
          <FacetSelect
            name="category"
            label={t("needs:fields.category")}
            value={params.category}
            locale={locale}
            options={taxonomy.map((c) => ({
              value: c.id,
              label: c.label,
              count: board.facets.category[c.id] ?? 0,
            }))}
          />
          <FacetSelect
            name="topic"
            label={t("needs:fields.topic")}
            value={params.topic}
            locale={locale}
            options={taxonomy.flatMap((c) =>
              c.topics.map((tp) => ({
                value: tp.id,
                label: tp.label,
                group: c.label,
                count: board.facets.topic[tp.id] ?? 0,
              })),
            )}
          />
          <FacetSelect
            name="country"
            label={t("needs:fields.country")}
            value={params.country}
            locale={locale}
            options={Object.keys(countryNames)
              .map((c) => ({ value: c, label: countryNames[c], count: board.facets.country[c] ?? 0 }))
              .sort(byName)}
          />
          <FacetSelect
            name="region"
            label={t("needs:fields.region")}
            value={params.region}
            locale={locale}
            options={[...regions, "global"]
              .map((r) => ({
                value: r,
                label: t(`taxonomy:region.${r}`),
                count: board.facets.region[r] ?? 0,
              }))
              .filter((o) => o.value !== "global")}
          />
          <FacetSelect
            name="language"
            label={t("needs:fields.language")}
            value={params.language}
            locale={locale}
            options={Object.keys(board.facets.language)
              .map((l) => ({ value: l, label: languageNames[l] ?? l, count: board.facets.language[l] }))
              .sort(byName)}
          />
          <FacetSelect
            name="status"
            label={t("offers:fields.status")}
            value={params.status}
            locale={locale}
            options={offerStatuses.map((s) => ({
              value: s,
              label: t(`offers:status.${s}`),
              count: board.facets.status[s] ?? 0,
            }))}
          />
          <FacetSelect
            name="posted"
            label={t("needs:board.posted.label")}
            value={params.posted}
            locale={locale}
            options={postedWindows.map((w) => ({
              value: w,
              label: t(`needs:board.posted.${w}`),
              count: board.facets.posted[w] ?? 0,
            }))}
          />
          <FacetSelect
            name="sort"
            label={t("needs:board.sort")}
            value={params.sort}
            locale={locale}
            anyLabel=""
            hideEmpty={false}
            options={offerSorts.map((s) => ({ value: s, label: t(`offers:board.sorts.${s}`) }))}
          />
          <div className="flex flex-wrap gap-3">
            <button type="submit" className="btn">
              {t("needs:board.apply")}
            </button>
            <Link to={mine ? "/offers/mine" : "/offers"}>{t("needs:board.reset")}</Link>
          </div>
        </Form>
        <section aria-labelledby="results-title" className="space-y-4">
          <h2 id="results-title" aria-live="polite">
            {t("offers:board.results", { count: board.total, formatted: formatCount(board.total, locale) })}
          </h2>
          {board.items.length === 0 ? (
            <p>{t("offers:board.empty")}</p>
          ) : (
            <ul className="space-y-3" aria-label={t("offers:board.listLabel")}>
              {board.items.map((offer) => (
                <li key={offer.id} className="card space-y-1">
                  <h3 className="text-lg font-semibold">
                    <Link to={`/offers/${offer.id}`} lang={offer.contentLanguage}>
                      {offer.title}
                    </Link>
                  </h3>
                  <p className="text-sm text-[var(--color-muted)]">
                    {offer.organisationName} ·{" "}
                    {offer.categoryIds.map((c) => categoryLabel[c] ?? c).join(", ")}
                  </p>
                  <p lang={offer.contentLanguage}>
                    {offer.description.length > 280
                      ? `${offer.description.slice(0, 280)}…`
                      : offer.description}
                  </p>
                  <p className="text-sm">
                    {offer.coverageGlobal
                      ? t("offers:board.coverageGlobal")
                      : [
                          ...offer.coverageRegions.map((r) => t(`taxonomy:region.${r}`)),
                          ...offer.coverageCountries.map((c) => countryNames[c] ?? c),
                        ].join(", ")}
                    {" · "}
                    {offer.languages.map((l) => languageNames[l] ?? l).join(", ")}
                  </p>
                  <p className="flex flex-wrap gap-2 text-sm">
                    <span className="badge">{t(`offers:status.${offer.status}`)}</span>
                    <span>
                      {offer.capacity.full
                        ? t("offers:board.full")
                        : t("offers:board.capacity", {
                            slots: offer.capacity.slotsLeft,
                            total: offer.capacity.slotsTotal,
                            hours: formatCount(offer.capacity.hoursLeft, locale),
                            totalHours: formatCount(offer.capacity.hoursTotal, locale),
                          })}
                    </span>
                  </p>
                </li>
              ))}
            </ul>
          )}
          <Pagination
            page={board.page}
            pages={board.pages}
            total={board.total}
            pageSize={board.pageSize}
            locale={locale}
          />
        </section>
      </div>
    </div>
  );
}
