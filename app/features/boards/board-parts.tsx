// Pieces shared by the needs and offers boards: facet selects with counts, search-match highlights and
// per-card message templates (the pager is app/components/pagination.tsx). Plain GET forms: no JavaScript.
import { useTranslation } from "~/i18n/use-translation";
import type { Locale } from "~/i18n/config";
import { formatNumber } from "~/i18n/format";
import { escapeHtml } from "~/utils/html";

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
  const selected = value ?? "";
  // The options are written as one piece of escaped HTML: a board's filters hold about a hundred of them,
  // and as React elements they were a fifth of the page's render in a CPU profile (bench:web, issue 18).
  // The markup is the same as React's (`selected` on the chosen option, as React marks `defaultValue`).
  const option = (optionValue: string, text: string) =>
    `<option value="${escapeHtml(optionValue)}"${optionValue === selected ? ' selected=""' : ""}>${escapeHtml(text)}</option>`;
  const render = (o: FacetOption) =>
    option(
      o.value,
      o.count === undefined || (bounded && o.count === 0)
        ? o.label
        : `${o.label} (${formatNumber(o.count, locale)}${bounded ? "+" : ""})`,
    );
  let html = anyLabel !== "" ? option("", anyLabel ?? t("needs:board.any")) : "";
  const groups = [...new Set(shown.map((o) => o.group ?? ""))];
  if (groups.length > 1)
    for (const g of groups)
      html += `<optgroup label="${escapeHtml(g)}">${shown
        .filter((o) => (o.group ?? "") === g)
        .map(render)
        .join("")}</optgroup>`;
  else html += shown.map(render).join("");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={selected}
        className="text-sm"
        dangerouslySetInnerHTML={{ __html: html }}
      />
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
