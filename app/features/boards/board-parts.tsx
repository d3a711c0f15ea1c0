// Pieces shared by the needs and offers boards: facet selects with counts, search-match highlights and
// per-card message templates (the pager is app/components/pagination.tsx). Plain GET forms: no JavaScript.
import { useTranslation } from "~/i18n/use-translation";
import type { Locale } from "~/i18n/config";
import { formatNumber } from "~/i18n/format";

export type FacetOption = { value: string; label: string; count?: number; group?: string };

/** A labelled select for one facet; options show their counts; "Any" clears the filter. */
export function FacetSelect({
  name,
  label,
  value,
  options,
  locale,
  anyLabel,
  hideEmpty = true,
  bounded = false,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: FacetOption[];
  locale: Locale;
  anyLabel?: string;
  hideEmpty?: boolean;
  /** The counts were taken over the newest part of the matches only: lower bounds ("12+"), and an option
   * without any there may still have matches, so none is hidden. */
  bounded?: boolean;
}) {
  const { t } = useTranslation();
  const id = `filter-${name}`;
  const shown = options.filter((o) => bounded || !hideEmpty || (o.count ?? 0) > 0 || o.value === value);
  const groups = [...new Set(shown.map((o) => o.group ?? ""))];
  const render = (o: FacetOption) => (
    <option key={o.value} value={o.value}>
      {o.count === undefined || (bounded && o.count === 0)
        ? o.label
        : `${o.label} (${formatNumber(o.count, locale)}${bounded ? "+" : ""})`}
    </option>
  );
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className="text-sm">
        {anyLabel !== "" ? <option value="">{anyLabel ?? t("needs:board.any")}</option> : null}
        {groups.length > 1
          ? groups.map((g) => (
              <optgroup key={g} label={g}>
                {shown.filter((o) => (o.group ?? "") === g).map(render)}
              </optgroup>
            ))
          : shown.map(render)}
      </select>
    </div>
  );
}

/**
 * Text with a search's matched words in <mark>: HTML the search index escaped itself, only <mark> and
 * </mark> left as tags (search/text.ts `markedToHtml`, tested in the search contract).
 */
export function Marked({ html }: { html: string }) {
  return <span dangerouslySetInnerHTML={{ __html: html }} />;
}

/** A placeholder passed to t() once, so a message can be filled in for each card without calling t() again. */
export const SLOT = "\u0000";

export function template(translated: string) {
  const [before, after = ""] = translated.split(SLOT);
  return (value: string) => before + value + after;
}
