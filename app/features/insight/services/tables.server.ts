// The dashboard's tables as rows of translated headers and values, shared by the page's CSV exports.
import type { TFunction } from "i18next";
import type { Locale } from "~/i18n/config";
import { countryName } from "~/i18n/format";
import type { FlowRow, GapCell, LoadRow, OutcomeRow, RegionCell } from "./insight.server";

export const exportTables = ["gap", "regions", "flow", "load", "outcomes"] as const;
export type ExportTable = (typeof exportTables)[number];

type Cell = string | number | null;

function groupLabel(t: TFunction, by: string, key: string) {
  if (key === "*") return t("insight:total");
  if (by === "category") return t(`insight:category.${key}`, { defaultValue: key });
  if (by === "region") return t(`insight:region.${key}`, { defaultValue: key });
  if (by === "context") return t(`needs:civicContext.${key}`, { defaultValue: key });
  return key;
}

export function tableRows(
  t: TFunction,
  locale: Locale,
  table: ExportTable,
  data: {
    gap: GapCell[];
    regions: RegionCell[];
    flow: FlowRow[];
    load: { table: LoadRow[] };
    outcomes: OutcomeRow[];
  },
  by: string,
): { headers: string[]; rows: Cell[][] } {
  switch (table) {
    case "gap":
      return {
        headers: [
          t("insight:col.country"),
          t("insight:col.countryCode"),
          t("insight:col.region"),
          t("insight:col.category"),
          t("insight:col.openNeeds"),
          t("insight:col.coveringOffers"),
          t("insight:col.activeEngagements"),
          t("insight:col.peerOffers"),
          t("insight:col.peerEngagements"),
        ],
        rows: data.gap.map((c) => [
          countryName(c.countryCode, locale),
          c.countryCode,
          t(`insight:region.${c.region}`),
          t(`insight:category.${c.categoryId}`, { defaultValue: c.categoryId }),
          c.openNeeds,
          c.coveringOffers,
          c.activeEngagements,
          c.peerOffers,
          c.peerEngagements,
        ]),
      };
    case "regions":
      return {
        headers: [
          t("insight:col.region"),
          t("insight:col.category"),
          t("insight:col.openNeeds"),
          t("insight:col.uncoveredNeeds"),
          t("insight:col.activeEngagements"),
          t("insight:col.countries"),
        ],
        rows: data.regions.map((r) => [
          t(`insight:region.${r.region}`),
          t(`insight:category.${r.categoryId}`, { defaultValue: r.categoryId }),
          r.openNeeds,
          r.uncoveredNeeds,
          r.activeEngagements,
          r.countries,
        ]),
      };
    case "flow":
      return {
        headers: [
          t(`insight:by.${by}`),
          t("insight:col.needsOpened"),
          t("insight:col.withProposal"),
          t("insight:col.medianDaysToFirstProposal"),
          t("insight:col.p90DaysToFirstProposal"),
          t("insight:col.engaged"),
          t("insight:col.medianDaysToEngagement"),
          t("insight:col.completed"),
          t("insight:col.closedUnmet"),
          t("insight:col.fulfilmentRate"),
        ],
        rows: data.flow.map((r) => [
          groupLabel(t, by, r.key),
          r.needsOpened,
          r.withProposal,
          r.medianDaysToFirstProposal,
          r.p90DaysToFirstProposal,
          r.engaged,
          r.medianDaysToEngagement,
          r.completed,
          r.closedUnmet,
          r.fulfilmentRate,
        ]),
      };
    case "load":
      return {
        headers: [
          t("insight:col.organisation"),
          t("insight:col.activeOffers"),
          t("insight:col.slots"),
          t("insight:col.activeEngagements"),
          t("insight:col.liveProposals"),
          t("insight:col.utilisation"),
        ],
        rows: data.load.table.map((r) => [
          r.name,
          r.activeOffers,
          r.slots,
          r.activeEngagements,
          r.liveProposals,
          r.utilisation,
        ]),
      };
    case "outcomes":
      return {
        headers: [
          t(`insight:by.${by}`),
          t("insight:col.closed"),
          t("engagements:outcome.achieved"),
          t("engagements:outcome.partly_achieved"),
          t("engagements:outcome.not_achieved"),
          t("engagements:outcome.cancelled"),
          t("insight:col.averageRating"),
        ],
        rows: data.outcomes.map((r) => [
          groupLabel(t, by, r.key),
          r.closed,
          r.achieved,
          r.partlyAchieved,
          r.notAchieved,
          r.cancelled,
          r.averageRating,
        ]),
      };
  }
}
