// The impact report page, shared by the public version (/impact) and the secretariat's
// (/secretariat/impact): the period and grouping (a GET form: works without JavaScript), the totals, three
// charts drawn as inline SVG (each with a caption pointing to the table), the table with every figure
// (the charts' text alternative), the definitions and the CSV export. Printable: the form and links hide
// on paper.
import { FilterSelect } from "~/components/filter-select";
import { Form, Link } from "react-router";
import { regions } from "~/features/taxonomy/reference-data";
import { useTranslation } from "~/i18n/use-translation";
import { impactDimensions } from "../constants";
import type { Column, PresentedReport, PresentedRow } from "../services/present.server";
import { BarChart, StackedBar } from "./charts";

const TOP = 12;

const outcomeColors = {
  achieved: "#166534",
  partlyAchieved: "#65a30d",
  notAchieved: "#b91c1c",
  cancelled: "#78716c",
} as const;

export function ImpactReportView({
  version,
  filters,
  report,
  periodText,
  csvHref,
}: {
  version: "public" | "full";
  filters: { from: string; to: string; by: string; region?: string };
  report: PresentedReport;
  periodText: string;
  csvHref: string;
}) {
  const { t } = useTranslation();
  const by = t(`impact:by.${filters.by}`);
  const top = (column: Column) =>
    report.groups
      .filter((g) => g.cells[column]?.n !== 0)
      .slice(0, TOP)
      .map((g) => ({
        label: g.label,
        value: g.cells[column]?.n ?? null,
        display: g.cells[column]?.text ?? "",
      }));
  const total = report.total.cells;
  const outcomes = (Object.keys(outcomeColors) as Array<keyof typeof outcomeColors>).map((k) => ({
    label: t(`impact:col.${k}`),
    value: total[k]?.n ?? 0,
    display: total[k]?.text ?? "",
    color: outcomeColors[k],
  }));
  return (
    <article className="space-y-8" aria-labelledby="impact-title">
      <header className="space-y-2">
        <h1 id="impact-title">{t(version === "public" ? "impact:publicTitle" : "impact:fullTitle")}</h1>
        <p className="text-lg">{periodText}</p>
        <p className="text-[var(--color-muted)]">
          {t(version === "public" ? "impact:publicIntro" : "impact:fullIntro")}
        </p>
      </header>

      <Form
        method="get"
        className="flex flex-wrap items-end gap-3 print:hidden"
        aria-label={t("impact:filters")}
      >
        <div>
          <label htmlFor="impact-from" className="block">
            {t("impact:from")}
          </label>
          <input id="impact-from" type="date" name="from" defaultValue={filters.from} />
        </div>
        <div>
          <label htmlFor="impact-to" className="block">
            {t("impact:to")}
          </label>
          <input id="impact-to" type="date" name="to" defaultValue={filters.to} />
        </div>
        <FilterSelect
          id="impact-by"
          name="by"
          label={t("impact:groupBy")}
          defaultValue={filters.by}
          options={impactDimensions.map((d) => ({ value: d, label: t(`impact:by.${d}`) }))}
        />
        <FilterSelect
          id="impact-region"
          name="region"
          label={t("impact:region")}
          defaultValue={filters.region}
          any={t("impact:allRegions")}
          options={regions.map((r) => ({ value: r, label: t(`countries:region.${r}`) }))}
        />
        <button type="submit" className="btn btn-secondary">
          {t("impact:apply")}
        </button>
      </Form>

      <section aria-labelledby="impact-totals" className="space-y-2">
        <h2 id="impact-totals">{t("impact:totalsTitle")}</h2>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
          {(
            [
              "needsMet",
              "engagementsStarted",
              "peerEngagements",
              "engagementsClosed",
              "hours",
              "medianDaysToEngagement",
            ] as const
          ).map((c) => (
            <div key={c} className="card">
              <dt className="text-sm text-[var(--color-muted)]">{t(`impact:col.${c}`)}</dt>
              <dd className="text-3xl font-bold">{total[c]?.text ?? ""}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="impact-charts" className="space-y-6">
        <h2 id="impact-charts">{t("impact:chartsTitle")}</h2>
        <BarChart
          title={t("impact:chart.engagements", { by })}
          description={t("impact:chart.barDesc", { count: Math.min(TOP, report.groups.length) })}
          caption={t("impact:chart.caption")}
          bars={top("engagementsStarted")}
        />
        <BarChart
          title={t("impact:chart.needsMet", { by })}
          description={t("impact:chart.barDesc", { count: Math.min(TOP, report.groups.length) })}
          caption={t("impact:chart.caption")}
          bars={top("needsMet")}
        />
        <StackedBar
          title={t("impact:chart.outcomes")}
          description={t("impact:chart.outcomesDesc")}
          caption={t("impact:chart.caption")}
          segments={outcomes}
        />
      </section>

      <section aria-labelledby="impact-table-title" className="space-y-2">
        <h2 id="impact-table-title">{t("impact:tableTitle", { by })}</h2>
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="text-left text-sm text-[var(--color-muted)]">
              {t(version === "public" ? "impact:tableCaptionPublic" : "impact:tableCaption")}
            </caption>
            <thead>
              <tr>
                <th scope="col">{by}</th>
                {report.columns.map((c) => (
                  <th key={c} scope="col">
                    {t(`impact:col.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.groups.map((r) => (
                <Row key={r.key} row={r} columns={report.columns} />
              ))}
              <Row row={report.total} columns={report.columns} strong />
            </tbody>
          </table>
        </div>
        <p className="print:hidden">
          <a href={csvHref} download>
            {t("impact:csv")}
          </a>
        </p>
      </section>

      <section aria-labelledby="impact-definitions" className="space-y-1 text-sm">
        <h2 id="impact-definitions">{t("impact:definitionsTitle")}</h2>
        <ul className="list-disc pl-5">
          {(["needsMet", "engagements", "peer", "hours", "feedback", "timing", "topics"] as const).map(
            (k) => (
              <li key={k}>{t(`impact:definitions.${k}`)}</li>
            ),
          )}
          {version === "public" ? <li>{t("impact:definitions.suppression")}</li> : null}
        </ul>
      </section>
      {version === "public" ? (
        <p className="text-sm print:hidden">
          <Link to="/">{t("impact:backHome")}</Link>
        </p>
      ) : null}
    </article>
  );
}

function Row({ row, columns, strong }: { row: PresentedRow; columns: readonly Column[]; strong?: boolean }) {
  return (
    <tr className={strong ? "border-t border-stone-300 font-semibold" : "border-t border-stone-200"}>
      <th scope="row" className="text-left">
        {row.label}
      </th>
      {columns.map((c) => (
        <td key={c}>{row.cells[c]?.text ?? ""}</td>
      ))}
    </tr>
  );
}
