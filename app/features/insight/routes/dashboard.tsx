// /secretariat/insight — the gap map (country × category, and the world by region) and the flow, load
// and outcome figures, filtered by period and region. Every figure links to the items behind it; every
// table exports to CSV with the same filters.
import { FilterSelect } from "~/components/filter-select";
import { useTranslation } from "~/i18n/use-translation";
import { Form, Link } from "react-router";
import { requireSecretariat } from "~/features/auth/index.server";
import { Pagination } from "~/components/pagination";
import { regions } from "~/features/taxonomy/reference-data";
import type { Locale } from "~/i18n/config";
import { countryName, formatNumber, formatPercent } from "~/i18n/format";
import { db } from "~/utils/db.server";
import { insightGroups, insightPeriods, loadBuckets } from "../constants";
import { insightDashboard, parseInsightParams, type GapCell } from "../services/insight.server";
import { legislationByDirection } from "~/features/legislation/index.server";
import type { Route } from "./+types/dashboard";
import { pageCount } from "~/utils/pagination";

const LOAD_PAGE_SIZE = 25;

export async function loader({ request }: Route.LoaderArgs) {
  await requireSecretariat(request);
  const url = new URL(request.url);
  const filters = parseInsightParams(url);
  const [data, legislation] = await Promise.all([
    insightDashboard(db(), filters),
    legislationByDirection(filters.region),
  ]);
  const lpage = Math.max(1, Math.min(1000, Number(url.searchParams.get("lpage")) || 1));
  const categories = [
    ...new Set(["legal", "digital_security", "advocacy", ...data.gap.map((c) => c.categoryId)]),
  ];
  // Grid rows: countries, the ones with the most open needs first.
  const byCountry = new Map<
    string,
    { countryCode: string; region: string; open: number; cells: Record<string, GapCell> }
  >();
  for (const c of data.gap) {
    const row = byCountry.get(c.countryCode) ?? {
      countryCode: c.countryCode,
      region: c.region,
      open: 0,
      cells: {},
    };
    row.open += c.openNeeds;
    row.cells[c.categoryId] = c;
    byCountry.set(c.countryCode, row);
  }
  const grid = [...byCountry.values()].sort(
    (a, b) => b.open - a.open || a.countryCode.localeCompare(b.countryCode),
  );
  return {
    filters,
    categories,
    grid,
    regionsView: data.regions,
    flow: data.flow,
    distribution: data.load.distribution,
    load: data.load.table.slice((lpage - 1) * LOAD_PAGE_SIZE, lpage * LOAD_PAGE_SIZE),
    loadTotal: data.load.table.length,
    lpage,
    outcomes: data.outcomes,
    legislation,
  };
}

function qs(params: Record<string, string | undefined>) {
  const s = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  return s.toString();
}

export default function InsightDashboard({ loaderData: d }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const filterQs = qs({ period: d.filters.period, region: d.filters.region, by: d.filters.by });
  const csv = (table: string) => (
    <a href={`/secretariat/insight/export/${table}.csv?${filterQs}`} download>
      {t("insight:exportCsv")}
    </a>
  );
  const groupLink = (key: string) => {
    if (key === "*") return null;
    if (d.filters.by === "category")
      return {
        needs: `/needs?${qs({ category: key, region: d.filters.region })}`,
        engagements: `/engagements?${qs({ category: key, status: "closed" })}`,
      };
    if (d.filters.by === "region")
      return { needs: `/needs?${qs({ region: key })}`, engagements: `/engagements?status=closed` };
    return null;
  };
  const groupLabel = (key: string) =>
    key === "*"
      ? t("insight:total")
      : d.filters.by === "category"
        ? t(`insight:category.${key}`, { defaultValue: key })
        : d.filters.by === "region"
          ? t(`insight:region.${key}`)
          : d.filters.by === "context"
            ? t(`needs:civicContext.${key}`, { defaultValue: key })
            : key;
  const num = (v: number | null, digits = 1) =>
    v === null ? "—" : formatNumber(v, locale, { maximumFractionDigits: digits });
  return (
    <section aria-labelledby="insight-title" className="space-y-8">
      <h1 id="insight-title">{t("insight:title")}</h1>
      <p className="text-[var(--color-muted)]">{t("insight:intro")}</p>

      <Form method="get" className="flex flex-wrap items-end gap-3" aria-label={t("insight:filters")}>
        <FilterSelect
          id="period"
          name="period"
          label={t("insight:period")}
          defaultValue={d.filters.period}
          options={insightPeriods.map((p) => ({ value: p, label: t(`insight:periods.${p}`) }))}
        />
        <FilterSelect
          id="region"
          name="region"
          label={t("insight:regionFilter")}
          defaultValue={d.filters.region}
          any={t("insight:allRegions")}
          options={regions.map((r) => ({ value: r, label: t(`insight:region.${r}`) }))}
        />
        <FilterSelect
          id="by"
          name="by"
          label={t("insight:groupBy")}
          defaultValue={d.filters.by}
          options={insightGroups.map((g) => ({ value: g, label: t(`insight:by.${g}`) }))}
        />
        <button type="submit" className="btn btn-secondary">
          {t("common:actions.apply")}
        </button>
      </Form>

      <section aria-labelledby="regions-title" className="space-y-2">
        <h2 id="regions-title">{t("insight:regionsTitle")}</h2>
        <p className="text-sm">{t("insight:regionsHint")}</p>
        <table className="stack-table min-w-full text-sm">
          <thead>
            <HeadRow
              cols={[
                t("insight:col.region"),
                t("insight:col.category"),
                t("insight:col.openNeeds"),
                t("insight:col.uncoveredNeeds"),
                t("insight:col.activeEngagements"),
              ]}
            />
          </thead>
          <tbody>
            {d.regionsView.map((r) => (
              <tr key={`${r.region}-${r.categoryId}`} className={r.uncoveredNeeds ? "bg-amber-50" : ""}>
                <td>{t(`insight:region.${r.region}`)}</td>
                <td>{t(`insight:category.${r.categoryId}`, { defaultValue: r.categoryId })}</td>
                <td>
                  <CellLink to={`/needs?${qs({ region: r.region, category: r.categoryId })}`}>
                    {r.openNeeds}
                  </CellLink>
                </td>
                <td>{r.uncoveredNeeds ? <strong>{r.uncoveredNeeds}</strong> : 0}</td>
                <td>{r.activeEngagements}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {csv("regions")}
      </section>

      <section aria-labelledby="gap-title" className="space-y-2">
        <h2 id="gap-title">{t("insight:gapTitle")}</h2>
        <p className="text-sm">{t("insight:gapHint")}</p>
        <div className="overflow-x-auto">
          <table className="stack-table min-w-full text-sm">
            <thead>
              <tr>
                <th scope="col">{t("insight:col.country")}</th>
                {d.categories.map((c) => (
                  <th key={c} scope="col">
                    {t(`insight:category.${c}`, { defaultValue: c })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {d.grid.map((row) => (
                <tr key={row.countryCode} className="border-t border-stone-200">
                  <th scope="row" className="text-left">
                    {countryName(row.countryCode, locale)}
                  </th>
                  {d.categories.map((c) => {
                    const cell = row.cells[c];
                    if (!cell) return <td key={c}>—</td>;
                    const gap = cell.openNeeds > 0 && cell.coveringOffers === 0;
                    const where = qs({ country: row.countryCode, category: c });
                    return (
                      <td key={c} className={gap ? "bg-amber-100 font-semibold" : ""}>
                        {gap ? <span className="badge mr-1">{t("insight:gap")}</span> : null}
                        <CellLink
                          to={`/needs?${where}`}
                          aria-label={t("insight:cellNeeds", { count: cell.openNeeds })}
                        >
                          {cell.openNeeds}
                        </CellLink>{" "}
                        /{" "}
                        <CellLink
                          to={`/offers?${where}`}
                          aria-label={t("insight:cellOffers", { count: cell.coveringOffers })}
                        >
                          {cell.coveringOffers}
                        </CellLink>{" "}
                        /{" "}
                        <CellLink
                          to={`/engagements?${where}&status=active`}
                          aria-label={t("insight:cellEngagements", { count: cell.activeEngagements })}
                        >
                          {cell.activeEngagements}
                        </CellLink>
                        {cell.peerOffers || cell.peerEngagements ? (
                          <span className="badge ml-1">
                            {t("insight:cellPeer", {
                              offers: cell.peerOffers,
                              engagements: cell.peerEngagements,
                            })}
                          </span>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="text-xs">{t("insight:gapLegend")}</p>
        {csv("gap")}
      </section>

      <section aria-labelledby="flow-title" className="space-y-2">
        <h2 id="flow-title">{t("insight:flowTitle")}</h2>
        <p className="text-sm">{t("insight:flowHint")}</p>
        <table className="stack-table min-w-full text-sm">
          <thead>
            <HeadRow
              cols={[
                t(`insight:by.${d.filters.by}`),
                t("insight:col.needsOpened"),
                t("insight:col.medianDaysToFirstProposal"),
                t("insight:col.p90DaysToFirstProposal"),
                t("insight:col.medianDaysToEngagement"),
                t("insight:col.fulfilmentRate"),
              ]}
            />
          </thead>
          <tbody>
            {d.flow.map((r) => {
              const links = groupLink(r.key);
              return (
                <tr key={r.key} className={r.key === "*" ? "font-semibold" : ""}>
                  <th scope="row" className="text-left">
                    {groupLabel(r.key)}
                  </th>
                  <td>{links ? <CellLink to={links.needs}>{r.needsOpened}</CellLink> : r.needsOpened}</td>
                  <td>{num(r.medianDaysToFirstProposal)}</td>
                  <td>{num(r.p90DaysToFirstProposal)}</td>
                  <td>{num(r.medianDaysToEngagement)}</td>
                  <td>{r.fulfilmentRate === null ? "—" : formatPercent(r.fulfilmentRate, locale)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {csv("flow")}
      </section>

      <section aria-labelledby="load-title" className="space-y-2">
        <h2 id="load-title">{t("insight:loadTitle")}</h2>
        <p className="text-sm">{t("insight:loadHint")}</p>
        <dl className="flex flex-wrap gap-6">
          {loadBuckets.map((b) => (
            <div key={b}>
              <dt>{t("insight:loadBucket", { bucket: b })}</dt>
              <dd className="text-xl font-semibold">{d.distribution[b]}</dd>
            </div>
          ))}
        </dl>
        <table className="stack-table min-w-full text-sm">
          <thead>
            <HeadRow
              cols={[
                t("insight:col.organisation"),
                t("insight:col.activeEngagements"),
                t("insight:col.slots"),
                t("insight:col.liveProposals"),
                t("insight:col.utilisation"),
              ]}
            />
          </thead>
          <tbody>
            {d.load.map((r) => (
              <tr key={r.organisationId}>
                <th scope="row" className="text-left">
                  {r.name}
                </th>
                <td>
                  <CellLink to={`/engagements?expert=${r.organisationId}&status=active`}>
                    {r.activeEngagements}
                  </CellLink>
                </td>
                <td>{r.slots}</td>
                <td>{r.liveProposals}</td>
                <td>{r.utilisation === null ? "—" : formatPercent(r.utilisation, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pagination
          page={d.lpage}
          pages={pageCount(d.loadTotal, LOAD_PAGE_SIZE)}
          total={d.loadTotal}
          pageSize={LOAD_PAGE_SIZE}
          param="lpage"
        />
        {csv("load")}
      </section>

      <section aria-labelledby="outcomes-title" className="space-y-2">
        <h2 id="outcomes-title">{t("insight:outcomesTitle")}</h2>
        <table className="stack-table min-w-full text-sm">
          <thead>
            <HeadRow
              cols={[
                t(`insight:by.${d.filters.by}`),
                t("insight:col.closed"),
                t("engagements:outcome.achieved"),
                t("engagements:outcome.partly_achieved"),
                t("engagements:outcome.not_achieved"),
                t("engagements:outcome.cancelled"),
                t("insight:col.averageRating"),
              ]}
            />
          </thead>
          <tbody>
            {d.outcomes.map((r) => {
              const cat = d.filters.by === "category" && r.key !== "*" ? r.key : undefined;
              const link = (outcome?: string) =>
                `/engagements?${qs({ status: "closed", outcome, category: cat })}`;
              return (
                <tr key={r.key} className={r.key === "*" ? "font-semibold" : ""}>
                  <th scope="row" className="text-left">
                    {groupLabel(r.key)}
                  </th>
                  <td>
                    <CellLink to={link()}>{r.closed}</CellLink>
                  </td>
                  <td>
                    <CellLink to={link("achieved")}>{r.achieved}</CellLink>
                  </td>
                  <td>
                    <CellLink to={link("partly_achieved")}>{r.partlyAchieved}</CellLink>
                  </td>
                  <td>
                    <CellLink to={link("not_achieved")}>{r.notAchieved}</CellLink>
                  </td>
                  <td>
                    <Link to={link("cancelled")}>{r.cancelled}</Link>
                  </td>
                  <td>{num(r.averageRating, 2)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {csv("outcomes")}
      </section>
      <LegislationPanel rows={d.legislation} />
      <p className="text-xs text-[var(--color-muted)]">{t("insight:definitions")}</p>
    </section>
  );
}

const stages = ["proposed", "in_parliament", "adopted", "in_force", "challenged", "struck_down"] as const;

/** Opening vs closing space: tracked texts by their effect on civic space and their stage now. */
function LegislationPanel({ rows }: { rows: Array<{ direction: string; stage: string; count: number }> }) {
  const { t } = useTranslation();
  const count = (direction: string | null, stage: string | null) =>
    rows
      .filter((r) => (!direction || r.direction === direction) && (!stage || r.stage === stage))
      .reduce((sum, r) => sum + r.count, 0);
  return (
    <section aria-labelledby="legislation-panel-title" className="space-y-2">
      <h2 id="legislation-panel-title">{t("legislation:insight.title")}</h2>
      <p className="text-sm">{t("legislation:insight.intro")}</p>
      <table className="stack-table min-w-full text-sm">
        <thead>
          <tr>
            <th scope="col">{t("legislation:insight.direction")}</th>
            {stages.map((s) => (
              <th key={s} scope="col">
                {t(`legislation:stage.${s}`)}
              </th>
            ))}
            <th scope="col">{t("legislation:insight.total")}</th>
          </tr>
        </thead>
        <tbody>
          {(["closing", "opening", null] as const).map((direction) => (
            <tr key={direction ?? "total"} className={direction ? "" : "font-semibold"}>
              <th scope="row" className="text-left">
                {direction ? t(`legislation:direction.${direction}`) : t("legislation:insight.total")}
              </th>
              {stages.map((s) => (
                <td key={s}>{count(direction, s)}</td>
              ))}
              <td>{count(direction, null)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A count in a cell that links to the list it counts (a target of at least 24 px, WCAG 2.5.8). */
function CellLink({
  to,
  children,
  ...rest
}: {
  to: string;
  children: React.ReactNode;
  "aria-label"?: string;
}) {
  return (
    <Link to={to} className="inline-block min-h-6 min-w-6 text-center" {...rest}>
      {children}
    </Link>
  );
}

/** A table's column headings. */
function HeadRow({ cols }: { cols: string[] }) {
  return (
    <tr>
      {cols.map((c, i) => (
        <th key={i} scope="col">
          {c}
        </th>
      ))}
    </tr>
  );
}
