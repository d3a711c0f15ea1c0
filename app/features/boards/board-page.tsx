// The page shared by the needs and offers boards: the header, a filter form and the results with their
// pagination. Each board brings its own facets, sorts and cards; its messages come from its namespace. The
// form is a plain GET form and pages are links, so everything works without JavaScript and a filtered view
// is a URL one can bookmark. Labels are the same on both boards, so tests find controls alike.
import type { ReactNode } from "react";
import { Form, Link } from "react-router";
import { FacetSelect, type FacetOption } from "~/features/boards/board-parts";
import { Pagination } from "~/components/pagination";
import { regions } from "~/features/taxonomy/reference-data";
import type { Locale } from "~/i18n/config";
import { collatorFor, formatNumber } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { postedWindows, type BoardParams } from "./board-params";

/** A select for one of a board's own facets (FacetSelect's props but the locale). */
type FacetDefinition = {
  name: string;
  label: string;
  value: string | undefined;
  options: FacetOption[];
};

type SharedFacet = "category" | "topic" | "country" | "region" | "language" | "posted";

type BoardTaxonomy = { id: string; label: string; topics: { id: string; label: string }[] }[];

type Board = {
  facets: Record<SharedFacet, Record<string, number>>;
  items: unknown[];
  total: number;
  /** The total was counted up to a limit and more match ("more than 1,000"). */
  bounded?: boolean;
  /** Facet counts were taken over the newest matches only (lower bounds). */
  facetsBounded?: boolean;
  page: number;
  pages: number;
  pageSize: number;
};

const navKeys = {
  needs: { all: "common:nav.needs", mine: "common:nav.myNeeds" },
  offers: { all: "common:nav.offers", mine: "common:nav.myOffers" },
  resources: { all: "resources:nav.library", mine: "resources:nav.mine" },
} as const;

type BoardPageProps = {
  /** Which board: its path, and the namespace of its title, intro and results messages. */
  ns: "needs" | "offers" | "resources";
  /** The organisation's own items (/needs/mine, /offers/mine) rather than the board. */
  mine: boolean;
  /** Whether to link to the organisation's own items (not for visitors of the public library). */
  showMine?: boolean;
  canPost: boolean;
  locale: Locale;
  params: BoardParams;
  board: Board;
  taxonomy: BoardTaxonomy;
  countryNames: Record<string, string>;
  languageNames: Record<string, string>;
  /** The board's own facets, shown between the shared place facets and the posted window. */
  facets: FacetDefinition[];
  sorts: FacetOption[];
  /** The cards, one <li> each. */
  children: ReactNode;
};

export function BoardPage(props: BoardPageProps) {
  const { ns, mine, canPost, showMine = true } = props;
  const { t } = useTranslation();
  const path = `/${ns}`;
  const title = mine ? t(`${ns}:board.mineTitle`) : t(`${ns}:board.title`);
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1>{title}</h1>
          <p className="text-[var(--color-muted)]">
            {mine ? t(`${ns}:board.mineIntro`) : t(`${ns}:board.intro`)}
          </p>
        </div>
        <nav className="flex gap-3" aria-label={title}>
          {mine ? (
            <Link to={path}>{t(navKeys[ns].all)}</Link>
          ) : showMine ? (
            <Link to={`${path}/mine`}>{t(navKeys[ns].mine)}</Link>
          ) : null}
          {canPost ? (
            <Link to={`${path}/new`} className="btn">
              {t(`${ns}:board.new`)}
            </Link>
          ) : null}
        </nav>
      </header>
      <div className="grid gap-6 md:grid-cols-[16rem_1fr]">
        <BoardFilters {...props} />
        <BoardResults {...props} />
      </div>
    </div>
  );
}

function BoardFilters({
  ns,
  mine,
  locale,
  params,
  board,
  taxonomy,
  countryNames,
  languageNames,
  facets,
  sorts,
}: BoardPageProps) {
  const counts = board.facets;
  const { t } = useTranslation();
  const collator = collatorFor(locale);
  const byName = (a: { label: string }, b: { label: string }) => collator.compare(a.label, b.label);
  const shared: FacetDefinition[] = [
    {
      name: "category",
      label: t("needs:fields.category"),
      value: params.category,
      options: taxonomy.map((c) => ({ value: c.id, label: c.label, count: counts.category[c.id] ?? 0 })),
    },
    {
      name: "topic",
      label: t("needs:fields.topic"),
      value: params.topic,
      options: taxonomy.flatMap((c) =>
        c.topics.map((tp) => ({
          value: tp.id,
          label: tp.label,
          group: c.label,
          count: counts.topic[tp.id] ?? 0,
        })),
      ),
    },
    {
      name: "country",
      label: t("needs:fields.country"),
      value: params.country,
      // Every country named on the page, so a chosen country with no results stays selectable.
      options: Object.keys(countryNames)
        .map((c) => ({ value: c, label: countryNames[c], count: counts.country[c] ?? 0 }))
        .sort(byName),
    },
    {
      name: "region",
      label: t("needs:fields.region"),
      value: params.region,
      options: regions.map((r) => ({
        value: r,
        label: t(`taxonomy:region.${r}`),
        count: counts.region[r] ?? 0,
      })),
    },
    {
      name: "language",
      label: t("needs:fields.language"),
      value: params.language,
      options: Object.keys(counts.language)
        .map((l) => ({ value: l, label: languageNames[l] ?? l, count: counts.language[l] }))
        .sort(byName),
    },
  ];
  const posted: FacetDefinition = {
    name: "posted",
    label: t("needs:board.posted.label"),
    value: params.posted,
    options: postedWindows.map((w) => ({
      value: w,
      label: t(`needs:board.posted.${w}`),
      count: counts.posted[w] ?? 0,
    })),
  };
  // On narrow screens the filters fold behind a disclosure (issue 21), open when a filter is applied; on
  // wide screens app.css shows them whatever the disclosure's state (`.md-open`).
  const applied = [...shared, ...facets, posted].filter((f) => f.value).length + (params.q ? 1 : 0);
  return (
    <details className="md-open self-start" open={applied > 0 || undefined} data-testid="board-filters">
      <summary className="btn btn-secondary">{t("home:boardFilters", { count: applied })}</summary>
      <Form method="get" className="card space-y-3" aria-labelledby="filters-title">
        <h2 id="filters-title">{t("needs:board.filters")}</h2>
        <div className="space-y-1">
          <label htmlFor="filter-q" className="block text-sm">
            {t("needs:board.search")}
          </label>
          <input id="filter-q" name="q" type="search" defaultValue={params.q ?? ""} className="text-sm" />
        </div>
        {[...shared, ...facets, posted].map((f) => (
          // Props named one by one: spreading definitions of several shapes was the costliest line of
          // the board's render in a CPU profile (bench:web).
          <FacetSelect
            key={f.name}
            name={f.name}
            label={f.label}
            value={f.value}
            options={f.options}
            locale={locale}
            bounded={!!board.facetsBounded}
          />
        ))}
        <FacetSelect
          name="sort"
          label={t("needs:board.sort")}
          value={params.sort}
          locale={locale}
          anyLabel=""
          hideEmpty={false}
          options={sorts}
        />
        <div className="flex flex-wrap gap-3">
          <button type="submit" className="btn">
            {t("needs:board.apply")}
          </button>
          <Link to={mine ? `/${ns}/mine` : `/${ns}`}>{t("needs:board.reset")}</Link>
        </div>
      </Form>
    </details>
  );
}

function BoardResults({ ns, board, locale, children }: BoardPageProps) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="results-title" className="space-y-4">
      <h2 id="results-title" aria-live="polite">
        {board.bounded
          ? t(`${ns}:board.resultsMore`, { count: board.total, formatted: formatNumber(board.total, locale) })
          : t(`${ns}:board.results`, { count: board.total, formatted: formatNumber(board.total, locale) })}
      </h2>
      {board.items.length === 0 ? (
        <p>{t(`${ns}:board.empty`)}</p>
      ) : (
        <ul className="space-y-3" aria-label={t(`${ns}:board.listLabel`)}>
          {children}
        </ul>
      )}
      <Pagination
        page={board.page}
        pages={board.pages}
        total={board.total}
        pageSize={board.pageSize}
        more={!!board.bounded}
      />
    </section>
  );
}
