// Small pieces of the country pages: a section listing items (with its own pager) and the rating badge.
import type { ReactNode } from "react";
import { Pagination } from "~/components/pagination";
import { useTranslation } from "~/i18n/use-translation";

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
      {pager ? <Pagination {...pager} /> : null}
    </section>
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
