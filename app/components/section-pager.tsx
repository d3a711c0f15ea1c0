// A pager for one section of a page (several lists on one page each keep their own page in the query
// string, e.g. ?notes=2). Plain links: works without JavaScript. Shared by the country and call pages.
import { Link, useLocation } from "react-router";
import { useTranslation } from "~/i18n/use-translation";

export function SectionPager({
  param,
  page,
  pages,
  label,
}: {
  param: string;
  page: number;
  pages: number;
  label: string;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set(param, String(p));
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav aria-label={label} className="mt-2 flex flex-wrap items-center gap-4 text-sm">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          {t("common:actions.previous")}
        </Link>
      ) : null}
      <span>{t("common:pagination.page", { page, pages })}</span>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next">
          {t("common:actions.next")}
        </Link>
      ) : null}
    </nav>
  );
}
