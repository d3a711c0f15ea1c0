// How a proposal is explained. The secretariat sees every factor's numbers; everyone else sees banded
// reasons in their language ("covers Mexico directly", "works in Spanish"), never a number.
import { useTranslation } from "~/i18n/use-translation";
import { countryArgs } from "~/i18n/countries";
import { languageName } from "~/i18n/format";
import { isLocale, type Locale } from "~/i18n/config";
import { explain, type ExplainAudience, type MatchReason } from "../core";
import { asBreakdown } from "../breakdown";

/**
 * Reason codes of a stored breakdown, computed on the server so no number reaches a non-secretariat page.
 * `coalition`: only reasons drawn from the need and the offer's published fields — nothing from the expert
 * organisation's load, capacity or outcome history (see core/explain.ts).
 */
export function storedReasons(breakdown: unknown, audience: ExplainAudience = "expert"): MatchReason[] {
  const b = asBreakdown(breakdown);
  return b ? explain(b, undefined, audience) : [];
}

function useLocale(): Locale {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : "en";
}

/** Topic keys → labels in the reader's language (from the taxonomy, loaded by the route). */
export type TopicLabels = Record<string, string>;

function reasonText(
  reason: MatchReason,
  t: (key: string, values?: Record<string, string>) => string,
  locale: Locale,
  topicLabels: TopicLabels = {},
) {
  switch (reason.code) {
    case "strong_topic_fit":
    case "partial_topic_fit":
      return t(`matching:reasons.${reason.code}`, {
        topics: new Intl.ListFormat(locale, { type: "conjunction" }).format(
          reason.params.topics.map((k) => topicLabels[k] ?? k),
        ),
      });
    case "format_fit":
      return t(`matching:reasons.format_fit.${reason.params.format}`);
    case "covers_country_directly":
      return t("matching:reasons.covers_country_directly", countryArgs(reason.params.country, locale));
    case "covers_region":
      return t("matching:reasons.covers_region", { region: t(`matching:regions.${reason.params.region}`) });
    case "shared_language":
      return t("matching:reasons.shared_language", {
        language: languageName(reason.params.language, locale),
      });
    default:
      return t(`matching:reasons.${reason.code}`);
  }
}

export function MatchReasonList({
  reasons,
  topicLabels,
  label,
}: {
  reasons: MatchReason[];
  topicLabels?: TopicLabels;
  label?: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (reasons.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-2" aria-label={label ?? t("matching:reasonsLabel")}>
      {reasons.map((r) => (
        <li key={r.code} className="badge">
          {reasonText(r, t, locale, topicLabels)}
        </li>
      ))}
    </ul>
  );
}
