import { useTranslation } from "~/i18n/use-translation";
import { Link, useLocation } from "react-router";

/**
 * Previous/next links that keep the current filters (works without JavaScript). A page with several
 * paged lists gives each its own `param` (the other lists keep their page) and `label` (each pager is
 * a navigation landmark, told apart by its name).
 */
export function Pagination({
  page,
  pageSize,
  total,
  param = "page",
  label,
}: {
  page: number;
  pageSize: number;
  total: number;
  param?: string;
  label?: string;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set(param, String(p));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav aria-label={label ?? t("common:pagination.label")} className="flex items-center gap-4">
      {page > 1 ? <Link to={href(page - 1)}>{t("common:actions.previous")}</Link> : null}
      <span>{t("common:pagination.page", { page, pages })}</span>
      {page < pages ? <Link to={href(page + 1)}>{t("common:actions.next")}</Link> : null}
    </nav>
  );
}

export function pageParam(url: URL, max = 10_000, name = "page") {
  const n = Number(url.searchParams.get(name) ?? "1");
  return Number.isInteger(n) && n >= 1 && n <= max ? n : 1;
}
