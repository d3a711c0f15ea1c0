// The one pager: previous/next links that keep the current filters (plain links, works without
// JavaScript). A page with several paged lists gives each its own `param` (the others keep their page)
// and `label` (each pager is a navigation landmark, told apart by its name). Nothing is shown when
// everything fits on one page.
import { Link, useLocation } from "react-router";
import { useTranslation } from "~/i18n/use-translation";
import { formatNumber } from "~/i18n/format";
import { isLocale } from "~/i18n/config";
import { pageCount } from "~/utils/pagination";

export function Pagination({
  page,
  total,
  pageSize,
  pages = total !== undefined && pageSize ? pageCount(total, pageSize) : 1,
  param = "page",
  label,
  more = false,
}: {
  page: number;
  /** With `pageSize`: the pager also says which rows are shown ("21–40 of 95"). */
  total?: number;
  pageSize?: number;
  pages?: number;
  param?: string;
  label?: string;
  /** `total` and `pages` are lower bounds (a list counted up to a limit): shown as "1,000+". */
  more?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  if (pages <= 1) return null;
  const locale = isLocale(i18n.language) ? i18n.language : "en";
  const n = (v: number) => formatNumber(v, locale);
  const atLeast = (v: number) => (more ? `${n(v)}+` : n(v));
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set(param, String(p));
    params.delete("done"); // a notice about the last action does not follow the reader to another page
    return `${location.pathname}?${params}`;
  };
  return (
    <nav
      aria-label={label ?? t("common:pagination.label")}
      className="mt-2 flex flex-wrap items-center gap-4"
    >
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          {t("common:actions.previous")}
        </Link>
      ) : null}
      <span>
        {t("common:pagination.page", { page: n(page), pages: atLeast(pages) })}
        {total !== undefined && pageSize
          ? ` · ${t("common:pagination.showing", {
              from: n((page - 1) * pageSize + 1),
              to: n(more ? page * pageSize : Math.min(total, page * pageSize)),
              total: atLeast(total),
            })}`
          : null}
      </span>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next">
          {t("common:actions.next")}
        </Link>
      ) : null}
    </nav>
  );
}
