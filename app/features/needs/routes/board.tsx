// /needs (the board) and /needs/mine (the organisation's own needs, drafts included). Filters, sorting and
// the page live in the query string, so a filtered view can be bookmarked and shared.
import { useTranslation } from "~/i18n/use-translation";
import { Form, Link } from "react-router";
import { requireUser } from "~/features/auth/services/session.server";
import { regions } from "~/features/taxonomy/reference-data";
import { getLocale } from "~/i18n/i18n.server";
import { countryName, languageName } from "~/i18n/format";
import {
  collatorFor,
  FacetSelect,
  formatCount,
  formatDay,
  Pagination,
  SLOT,
  template,
} from "../components/board-parts";
import { needSorts, needStatuses, parseNeedBoardParams, postedWindows, urgencies } from "../board-params";
import { loadNeedsBoard } from "../services/needs-board.server";
import { loadTaxonomy } from "../services/reference.server";
import type { Route } from "./+types/board";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const url = new URL(request.url);
  const mine = /\/mine\/?$/.test(url.pathname);
  const locale = getLocale(request, ctx.user.locale);
  const params = parseNeedBoardParams(url);
  const [board, taxonomy] = await Promise.all([
    loadNeedsBoard(ctx.viewer, params, { mine }),
    loadTaxonomy(locale),
  ]);
  // Names of countries and languages, computed here so the page and its hydration agree.
  const countryCodes = new Set([
    ...Object.keys(board.facets.country),
    ...board.items.map((i) => i.countryCode),
  ]);
  if (params.country) countryCodes.add(params.country);
  const languageCodes = new Set([
    ...Object.keys(board.facets.language),
    ...board.items.map((i) => i.contentLanguage),
  ]);
  if (params.language) languageCodes.add(params.language);
  return {
    locale,
    mine,
    params,
    board,
    taxonomy,
    countryNames: Object.fromEntries([...countryCodes].map((c) => [c, countryName(c, locale)])),
    languageNames: Object.fromEntries([...languageCodes].map((c) => [c, languageName(c, locale)])),
    canPost: ctx.memberships.some((m) => m.kind === "COALITION"),
  };
}

export default function NeedsBoard({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { locale, mine, params, board, taxonomy, countryNames, languageNames, canPost } = loaderData;
  const categoryLabel = Object.fromEntries(taxonomy.map((c) => [c.id, c.label]));
  const topicOptions = taxonomy.flatMap((c) =>
    c.topics.map((tp) => ({
      value: tp.id,
      label: tp.label,
      group: c.label,
      count: board.facets.topic[tp.id] ?? 0,
    })),
  );
  const collator = collatorFor(locale);
  const byName = (a: { label: string }, b: { label: string }) => collator.compare(a.label, b.label);
  const title = mine ? t("needs:board.mineTitle") : t("needs:board.title");
  // Labels translated once per page, not once per card.
  const urgencyLabel = Object.fromEntries(urgencies.map((u) => [u, t(`needs:urgency.${u}`)]));
  const statusLabel = Object.fromEntries(needStatuses.map((s) => [s, t(`needs:status.${s}`)]));
  const postedOn = template(t("needs:board.postedOn", { date: SLOT }));
  const wantedBy = template(t("needs:board.wantedBy", { date: SLOT }));
  const anonymous = template(t("needs:board.anonymous", { country: SLOT }));
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1>{title}</h1>
          <p className="text-[var(--color-muted)]">
            {mine ? t("needs:board.mineIntro") : t("needs:board.intro")}
          </p>
        </div>
        <nav className="flex gap-3" aria-label={title}>
          {mine ? (
            <Link to="/needs">{t("common:nav.needs")}</Link>
          ) : (
            <Link to="/needs/mine">{t("common:nav.myNeeds")}</Link>
          )}
          {canPost ? (
            <Link to="/needs/new" className="btn">
              {t("needs:board.new")}
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
            options={topicOptions}
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
            options={regions.map((r) => ({
              value: r,
              label: t(`taxonomy:region.${r}`),
              count: board.facets.region[r] ?? 0,
            }))}
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
            name="urgency"
            label={t("needs:fields.urgency")}
            value={params.urgency}
            locale={locale}
            options={urgencies.map((u) => ({
              value: u,
              label: urgencyLabel[u],
              count: board.facets.urgency[u] ?? 0,
            }))}
          />
          <FacetSelect
            name="status"
            label={t("needs:fields.status")}
            value={params.status}
            locale={locale}
            options={needStatuses.map((s) => ({
              value: s,
              label: statusLabel[s],
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
            options={needSorts.map((s) => ({ value: s, label: t(`needs:board.sorts.${s}`) }))}
          />
          <div className="flex flex-wrap gap-3">
            <button type="submit" className="btn">
              {t("needs:board.apply")}
            </button>
            <Link to={mine ? "/needs/mine" : "/needs"}>{t("needs:board.reset")}</Link>
          </div>
        </Form>
        <section aria-labelledby="results-title" className="space-y-4">
          <h2 id="results-title" aria-live="polite">
            {t("needs:board.results", { count: board.total, formatted: formatCount(board.total, locale) })}
          </h2>
          {board.items.length === 0 ? (
            <p>{t("needs:board.empty")}</p>
          ) : (
            <ul className="space-y-3" aria-label={t("needs:board.listLabel")}>
              {board.items.map((need) => (
                <li key={need.id} className="card space-y-1">
                  <h3 className="text-lg font-semibold">
                    <Link to={`/needs/${need.id}`} lang={need.contentLanguage}>
                      {need.title}
                    </Link>
                  </h3>
                  <p className="text-sm text-[var(--color-muted)]">
                    {need.coalitionName ?? anonymous(countryNames[need.countryCode])}
                    {" · "}
                    {countryNames[need.countryCode]} · {categoryLabel[need.categoryId] ?? need.categoryId}
                  </p>
                  <p lang={need.contentLanguage} className="line-clamp-3">
                    {need.summary}
                  </p>
                  <p className="flex flex-wrap gap-2 text-sm">
                    <span className="badge">{urgencyLabel[need.urgency]}</span>
                    <span className="badge">{statusLabel[need.status]}</span>
                    <span>{postedOn(formatDay(need.postedAt, locale))}</span>
                    {need.wantedBy ? <span>{wantedBy(formatDay(need.wantedBy, locale))}</span> : null}
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
