// Banded reasons for pages that must not show numbers: the matched topics they name, labelled in the
// reader's language (the reasons themselves: `storedReasons`, computed on the server from the breakdown).
import type { Locale } from "~/i18n/config";
import { loadTaxonomy } from "~/features/taxonomy/reference.server";
import type { MatchReason } from "../core";
import type { TopicLabels } from "../components/match-explanation";

/** Labels, in the reader's language, of the topics these reasons name. */
export async function reasonTopicLabels(
  reasons: readonly MatchReason[][],
  locale: Locale,
): Promise<TopicLabels> {
  const wanted = new Set<string>();
  for (const list of reasons)
    for (const r of list)
      if (r.code === "strong_topic_fit" || r.code === "partial_topic_fit")
        for (const k of r.params.topics) wanted.add(k);
  if (wanted.size === 0) return {};
  const labels: TopicLabels = {};
  for (const c of await loadTaxonomy(locale))
    for (const t of c.topics) if (wanted.has(t.id)) labels[t.id] = t.label;
  return labels;
}
