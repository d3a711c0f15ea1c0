// /countries/:code: a country's room. Civic-space rating and trend (with dated history), the response map
// (who does what, and where nobody does anything), open needs, offers covering the country, engagements
// under way, expert organisations active there and coordination calls — each filtered by what the viewer
// may see. Every view is audited.
import { VettingBadge } from "~/components/vetting-badge";
import type { ReactNode } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { Link, redirect, useSearchParams } from "react-router";
import { TrackerSection } from "~/features/legislation/index";
import { countryTracker, isFollowing, setFollowing } from "~/features/legislation/index.server";
import { readForm } from "~/utils/forms.server";
import { badRequest } from "~/utils/http.server";
import { Notice } from "~/components/form-fields";
import { isVerifiedMember, mayFollowCountry } from "~/features/auth/policy";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { loadTaxonomy } from "~/features/taxonomy/reference.server";
import { countryArgs } from "~/i18n/countries";
import { countryName, formatDate, formatDateTime } from "~/i18n/format";
import { useReaderZone } from "~/root";
import { getLocale } from "~/i18n/i18n.server";
import { ListSection, RatingBadge } from "../components/parts";
import { auditCountryView, loadCountryPage, responseGaps } from "../services/countries.server";
import type { Route } from "./+types/country";
import { db } from "~/utils/db.server";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const locale = getLocale(request, ctx.user.locale);
  const url = new URL(request.url);
  const page = await loadCountryPage(ctx.viewer, params.code, {
    needsPage: url.searchParams.get("np"),
    offersPage: url.searchParams.get("op"),
    activitiesPage: url.searchParams.get("ap"),
  });
  if (params.code !== page.country.code) {
    // Canonical upper-case URL.
    const target = new URL(request.url);
    target.pathname = `/countries/${page.country.code}`;
    throw new Response(null, { status: 301, headers: { Location: target.pathname + target.search } });
  }
  await auditCountryView({ userId: ctx.user.id, ip: clientIp(context) }, page.country.code, {
    needs: page.needs.items.length,
    activities: page.activities.items.length,
  });
  const [taxonomy, tracker, following] = await Promise.all([
    loadTaxonomy(locale),
    countryTracker(ctx.viewer, page.country.code, {
      page: url.searchParams.get("lp"),
      direction: url.searchParams.get("ld"),
    }),
    mayFollowCountry(ctx.viewer) ? isFollowing(ctx.user.id, page.country.code) : null,
  ]);
  const categoryLabels = Object.fromEntries(taxonomy.map((c) => [c.id, c.label]));
  return {
    locale,
    timeZone: ctx.user.timeZone,
    name: countryName(page.country.code, locale),
    page,
    callTimes: Object.fromEntries(
      page.calls.map((c) => [c.id, formatDateTime(c.startsAt, locale, ctx.user.timeZone, "long")]),
    ),
    gaps: responseGaps(
      page,
      taxonomy.map((c) => c.id),
    ),
    categoryLabels,
    canRecord: isVerifiedMember(ctx.viewer),
    tracker,
    follow: following === null ? null : { following },
  };
}

/** Follow or stop following the country (legislation alerts). */
export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = await requireUser(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent !== "follow" && intent !== "unfollow") throw badRequest();
  const code = params.code.toUpperCase();
  await db().$transaction((tx) =>
    setFollowing(tx, ctx.viewer, { userId: ctx.user.id, ip: clientIp(context) }, code, intent === "follow"),
  );
  return redirect(
    `/countries/${code}?done=${intent === "follow" ? "followed" : "unfollowed"}#legislation-title`,
  );
}

export default function CountryPage({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const zone = useReaderZone();
  const [search] = useSearchParams();
  const { page, locale, name, gaps, categoryLabels } = loaderData;
  const { country } = page;
  const kinds = ["legal", "digital_security", "advocacy", "research", "funding", "other"] as const;
  return (
    <article className="space-y-8" aria-labelledby="country-title">
      {search.get("done") === "activity" ? <Notice>{t("countries:notice.activity")}</Notice> : null}
      {search.get("done") === "rated" ? <Notice>{t("countries:notice.rated")}</Notice> : null}
      {search.get("done") === "followed" ? <Notice>{t("legislation:follow.followed")}</Notice> : null}
      {search.get("done") === "unfollowed" ? <Notice>{t("legislation:follow.unfollowed")}</Notice> : null}
      <header className="space-y-2">
        <p className="text-sm">
          <Link to="/countries">{t("countries:list.title")}</Link>
        </p>
        <h1 id="country-title">{name}</h1>
        <p className="flex flex-wrap items-center gap-3">
          <span>{t(`countries:region.${country.region}`)}</span>
          <RatingBadge rating={country.civicSpaceRating} trend={country.ratingTrend} />
          {country.ratingUpdatedAt ? (
            <span className="text-sm text-[var(--color-muted)]">
              {t("countries:page.ratedOn", {
                date: formatDate(country.ratingUpdatedAt, locale, "medium", zone),
              })}
            </span>
          ) : null}
        </p>
        {country.situationNote ? (
          <p className="card whitespace-pre-line">
            <span className="font-semibold">{t("countries:page.situation")}: </span>
            {country.situationNote}
          </p>
        ) : null}
        <p className="flex flex-wrap gap-3">
          {loaderData.canRecord ? (
            <Link to={`/countries/${country.code}/activities/new`} className="btn">
              {t("countries:page.recordActivity")}
            </Link>
          ) : null}
          {page.secretariat ? (
            <>
              <Link to={`/secretariat/countries/${country.code}/rating`} className="btn btn-secondary">
                {t("countries:page.setRating")}
              </Link>
              <Link to={`/secretariat/calls/new?country=${country.code}`} className="btn btn-secondary">
                {t("coordination:new.title")}
              </Link>
            </>
          ) : null}
        </p>
      </header>

      {page.history.length ? (
        <details>
          <summary>{t("countries:page.history")}</summary>
          <ol className="mt-2 space-y-1">
            {page.history.map((h) => (
              <li key={h.id}>
                {formatDate(h.createdAt, locale, "medium", zone)} — {t(`countries:rating.${h.rating}`)} ·{" "}
                {t(`countries:trend.${h.trend}`)}
                {h.note ? ` — ${h.note}` : ""}
                {h.setByName ? ` (${h.setByName})` : ""}
              </li>
            ))}
          </ol>
        </details>
      ) : null}

      {loaderData.tracker ? (
        <TrackerSection
          countryCode={country.code}
          tracker={loaderData.tracker}
          locale={locale}
          follow={loaderData.follow}
        />
      ) : null}

      <section aria-labelledby="map-title" className="space-y-3">
        <h2 id="map-title">{t("countries:map.title")}</h2>
        <p className="text-sm text-[var(--color-muted)]">{t("countries:map.intro")}</p>
        <table className="stack-table w-full text-left">
          <thead>
            <tr>
              <th scope="col">{t("countries:map.category")}</th>
              <th scope="col">{t("countries:map.openNeeds")}</th>
              <th scope="col">{t("countries:map.activities")}</th>
              <th scope="col">{t("countries:map.engagements")}</th>
              <th scope="col">{t("countries:map.offers")}</th>
              <th scope="col">{t("countries:map.gap")}</th>
            </tr>
          </thead>
          <tbody>
            {gaps.map((g) => (
              <tr key={g.id}>
                <th scope="row">{categoryLabels[g.id] ?? g.id}</th>
                <td>{g.openNeeds}</td>
                <td>{g.activities}</td>
                <td>{g.engagements}</td>
                <td>{g.offers}</td>
                <td className={g.gap === "none" ? "" : "font-semibold text-red-800"}>
                  {t(`countries:map.gaps.${g.gap}`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="text-sm">
          {kinds.map((k) => `${t(`countries:kind.${k}`)}: ${page.kindCounts[k] ?? 0}`).join(" · ")}
        </p>
      </section>

      <PagedSection name="activities" param="ap" section={page.activities} listClassName="space-y-2">
        {(a) => (
          <li key={a.id} className="card">
            <p className="font-semibold">
              {a.organisation.name} · {t(`countries:kind.${a.kind}`)}
              {a.visibility === "secretariat" ? (
                <span className="badge ml-2">🔒 {t("countries:visibility.secretariat")}</span>
              ) : null}
            </p>
            <p lang={a.contentLanguage} className="whitespace-pre-line">
              {a.summary}
            </p>
            <p className="text-sm text-[var(--color-muted)]">
              {formatDate(a.startsOn, locale)} –{" "}
              {a.endsOn ? formatDate(a.endsOn, locale) : t("countries:activities.ongoing")}
            </p>
          </li>
        )}
      </PagedSection>

      <PagedSection name="needs" param="np" section={page.needs} listClassName="space-y-2">
        {(n) => (
          <li key={n.id} className="card">
            <p>
              <Link to={`/needs/${n.id}`} lang={n.contentLanguage} className="font-semibold">
                {n.title}
              </Link>{" "}
              <span className="badge">{t(`needs:status.${n.status}`)}</span>{" "}
              <span className="badge">{t(`needs:urgency.${n.urgency}`)}</span>
            </p>
            <p className="text-sm text-[var(--color-muted)]">
              {n.coalitionName ?? t("needs:board.anonymous", countryArgs(page.country.code, locale))} ·{" "}
              {categoryLabels[n.categoryId] ?? n.categoryId}
            </p>
            <p lang={n.contentLanguage}>{n.summary}</p>
          </li>
        )}
      </PagedSection>

      <PagedSection name="offers" param="op" section={page.offers} listClassName="space-y-1">
        {(o) => (
          <li key={o.id}>
            <Link to={`/offers/${o.id}`} lang={o.contentLanguage}>
              {o.title}
            </Link>{" "}
            — {o.organisation.name} <VettingBadge level={o.organisation.vettingLevel} /> ·{" "}
            {o.categoryIds.map((c) => categoryLabels[c] ?? c).join(", ")} ·{" "}
            {o.coverage === "country"
              ? t("countries:offers.direct")
              : o.coverage === "global"
                ? t("countries:offers.global")
                : t("countries:offers.regional")}
          </li>
        )}
      </PagedSection>

      <ListSection
        id="engagements"
        title={t("countries:engagements.title")}
        items={page.engagements}
        empty={t("countries:engagements.empty")}
        listClassName="space-y-1"
      >
        {(e) => (
          <li key={e.id}>
            <Link to={`/engagements/${e.id}`} lang={e.need.contentLanguage}>
              {e.need.title}
            </Link>{" "}
            — {e.expertOrganisation.name} ·{" "}
            {t("countries:engagements.since", { date: formatDate(e.startedAt, locale, "medium", zone) })}
            {e.stalled ? <span className="badge ml-2">{t("countries:engagements.stalled")}</span> : null}
          </li>
        )}
      </ListSection>

      <ListSection
        id="experts"
        title={t("countries:experts.title")}
        items={page.experts}
        empty={t("countries:experts.empty")}
        listClassName="flex flex-wrap gap-3"
      >
        {(o) => (
          <li key={o.id} className="badge">
            {o.name}
          </li>
        )}
      </ListSection>

      <ListSection
        id="calls"
        title={t("coordination:country.title")}
        items={page.calls}
        empty={t("coordination:country.empty")}
        listClassName="space-y-1"
      >
        {(c) => (
          <li key={c.id}>
            <Link to={`/calls/${c.id}`}>
              {c.title || t("coordination:call.defaultTitle", { country: name })}
            </Link>{" "}
            — {loaderData.callTimes[c.id]}{" "}
            <span className="badge">{t(`coordination:status.${c.status}`)}</span>
          </li>
        )}
      </ListSection>
    </article>
  );
}

/** A paged section of the country page: its heading, empty line and pager named after it in countries:. */
function PagedSection<T>({
  name,
  param,
  section,
  listClassName,
  children,
}: {
  name: "activities" | "needs" | "offers";
  /** The query parameter holding this section's page. */
  param: string;
  section: { items: T[]; total: number; page: number; pages: number };
  listClassName: string;
  children: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <ListSection
      id={name}
      title={t(`countries:${name}.title`, { count: section.total })}
      items={section.items}
      empty={t(`countries:${name}.empty`)}
      listClassName={listClassName}
      pager={{ param, page: section.page, pages: section.pages, label: t(`countries:${name}.pager`) }}
    >
      {children}
    </ListSection>
  );
}
