// Small pieces shared by the country and call pages: a pager for one section of a page (its own query
// parameter), and the rating badge.
import { useTranslation } from "~/i18n/use-translation";
import { Link, useLocation } from "react-router";

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

export function RatingBadge({ rating, trend }: { rating: string; trend: string }) {
  const { t } = useTranslation();
  const tone =
    rating === "open"
      ? "bg-green-100 text-green-900"
      : rating === "narrowed"
        ? "bg-yellow-100 text-yellow-900"
        : rating === "obstructed"
          ? "bg-orange-100 text-orange-900"
          : "bg-red-100 text-red-900";
  return (
    <span className={`badge ${tone}`}>
      {`${t(`countries:rating.${rating}`)} · ${t(`countries:trend.${trend}`)}`}
    </span>
  );
}
