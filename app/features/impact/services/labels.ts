// Group labels of the impact report, in the reader's language (pages and CSV share them).
import type { TFunction } from "i18next";
import { categories } from "~/features/taxonomy/reference-data";
import type { Locale } from "~/i18n/config";
import { countryName } from "~/i18n/format";

const topicLabels = new Map(categories.flatMap((c) => c.topics.map((t) => [t.id, t.labels] as const)));
const categoryLabels = new Map(categories.map((c) => [c.id, c.labels] as const));

export function groupLabel(t: TFunction, locale: Locale, by: string, key: string): string {
  if (key === "*") return t("impact:total");
  if (key === "-") return t("impact:noTopic");
  switch (by) {
    case "country":
      return countryName(key, locale);
    case "region":
      return t(`countries:region.${key}`, { defaultValue: key });
    case "category":
      return categoryLabels.get(key)?.[locale] ?? key;
    case "topic":
      return topicLabels.get(key)?.[locale] ?? key;
    default:
      return key;
  }
}
