// The impact report as the pages and the CSV exports show it: one cell per figure with its number (for
// the charts' bars) and its text in the reader's language. The public version goes through
// publicReport first (small counts "<5", thin figures withheld); the secretariat's shows everything,
// including how many ratings stand behind each average.
import type { TFunction } from "i18next";
import type { Locale } from "~/i18n/config";
import { formatNumber } from "~/i18n/format";
import type { CsvCell } from "~/utils/csv.server";
import {
  publicCountColumns,
  publicReport,
  type ImpactReport,
  type ImpactRow,
  type PublicRow,
  type PublicValue,
} from "./impact.server";
import { groupLabel } from "./labels";

// The counts (withheld below five in public) first, then the figures that are not counts.
const publicColumns = [
  ...publicCountColumns,
  "hours",
  "coalitionRating",
  "expertRating",
  "medianDaysToEngagement",
] as const;

const fullColumns = [
  ...publicColumns.slice(0, 10),
  "coalitionRatings",
  "expertRating",
  "expertRatings",
  "medianDaysToEngagement",
] as const;

export type Column = (typeof fullColumns)[number] | (typeof publicColumns)[number];

export type Cell = { n: number | null; text: string; csv: CsvCell };
export type PresentedRow = { key: string; label: string; cells: Partial<Record<Column, Cell>> };

const digits: Partial<Record<Column, number>> = {
  hours: 1,
  coalitionRating: 2,
  expertRating: 2,
  medianDaysToEngagement: 1,
};

function cell(t: TFunction, locale: Locale, column: Column, value: PublicValue): Cell {
  if (value === "<5") return { n: null, text: t("impact:small"), csv: "<5" };
  if (value === null) return { n: null, text: t("impact:withheld"), csv: "" };
  return {
    n: value,
    text: formatNumber(value, locale, { maximumFractionDigits: digits[column] ?? 0 }),
    csv: value,
  };
}

export function presentReport(
  t: TFunction,
  locale: Locale,
  by: string,
  report: ImpactReport,
  version: "public" | "full",
) {
  const columns: readonly Column[] = version === "public" ? publicColumns : fullColumns;
  const source: { groups: Array<PublicRow | ImpactRow>; total: PublicRow | ImpactRow } =
    version === "public" ? publicReport(report) : report;
  const present = (r: PublicRow | ImpactRow): PresentedRow => ({
    key: r.key,
    label: groupLabel(t, locale, by, r.key),
    cells: Object.fromEntries(
      columns.map((c) => [c, cell(t, locale, c, (r as Record<string, PublicValue>)[c] ?? null)]),
    ),
  });
  return { columns, groups: source.groups.map(present), total: present(source.total) };
}

export type PresentedReport = ReturnType<typeof presentReport>;

/** The CSV of a presented report: translated headers, the group's label and key, every figure. */
export function reportCsv(t: TFunction, by: string, report: PresentedReport) {
  const headers = [
    t(`impact:by.${by}`),
    t("impact:col.key"),
    ...report.columns.map((c) => t(`impact:col.${c}`)),
  ];
  const rows = [...report.groups, report.total].map((r) => [
    r.label,
    r.key,
    ...report.columns.map((c) => r.cells[c]?.csv ?? ""),
  ]);
  return { headers, rows };
}
