// Small pieces shared by the country and call pages: a section listing items, a pager for one section of
// a page (its own query parameter), and the rating badge.
import type { ReactNode } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { Link, useLocation } from "react-router";

/** A section of a page: its heading, its list (or a line saying it is empty) and, when paged, its pager. */
export function ListSection<T>({
  id,
  title,
  items,
  empty,
  listClassName,
  pager,
  children,
}: {
  /** Prefix of the heading's id, which labels the section. */
  id: string;
  title: string;
  items: T[];
  empty: string;
  listClassName: string;
  pager?: { param: string; page: number; pages: number; label: string };
  /** One <li> (with its key) per item. */
  children: (item: T) => ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-2">
      <h2 id={`${id}-title`}>{title}</h2>
      {items.length ? <ul className={listClassName}>{items.map(children)}</ul> : <p>{empty}</p>}
      {pager ? <SectionPager {...pager} /> : null}
    </section>
  );
}

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
