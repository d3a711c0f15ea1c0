// The legislation tracker as a section of a country's page: the tracked texts (stage, direction, date),
// paged, and the follow / stop-following form. Plain links and a POST form: works without JavaScript.
import { Form, Link, useLocation } from "react-router";
import { Pagination } from "~/components/pagination";
import type { Locale } from "~/i18n/config";
import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

export type TrackerItem = {
  id: string;
  kind: string;
  title: string;
  summary: string;
  contentLanguage: string;
  reference: string | null;
  direction: string;
  stage: string;
  stageOn: Date | string;
};

export function StageBadge({ stage }: { stage: string }) {
  const { t } = useTranslation();
  return <span className="badge">{t(`legislation:stage.${stage}`)}</span>;
}

export function DirectionBadge({ direction }: { direction: string }) {
  const { t } = useTranslation();
  const tone = direction === "closing" ? "bg-red-100 text-red-900" : "bg-green-100 text-green-900";
  return (
    <span className={`badge ${tone}`}>
      {direction === "closing" ? "▼ " : "▲ "}
      {t(`legislation:direction.${direction}`)}
    </span>
  );
}

export function TrackerSection({
  countryCode,
  tracker,
  locale,
  follow,
}: {
  countryCode: string;
  tracker: {
    items: TrackerItem[];
    total: number;
    page: number;
    pages: number;
    counts: Partial<Record<string, number>>;
    direction: string | null;
    canRecord: boolean;
  };
  locale: Locale;
  /** Whether the reader follows the country; null when they may not follow. */
  follow: { following: boolean } | null;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const filterHref = (direction: string | null) => {
    const params = new URLSearchParams(location.search);
    params.delete("lp");
    if (direction) params.set("ld", direction);
    else params.delete("ld");
    const q = params.toString();
    return `${location.pathname}${q ? `?${q}` : ""}#legislation-title`;
  };
  return (
    <section aria-labelledby="legislation-title" className="space-y-3">
      <h2 id="legislation-title">{t("legislation:tracker.title", { count: tracker.total })}</h2>
      <p className="text-sm text-[var(--color-muted)]">{t("legislation:intro")}</p>
      <p className="text-sm">
        {t("legislation:tracker.counts", {
          closing: tracker.counts.closing ?? 0,
          opening: tracker.counts.opening ?? 0,
        })}
      </p>
      {tracker.counts.closing || tracker.counts.opening ? (
        <nav aria-label={t("legislation:tracker.filter")} className="flex flex-wrap gap-3 text-sm">
          {([null, "closing", "opening"] as const).map((d) => (
            <Link
              key={d ?? "all"}
              to={filterHref(d)}
              aria-current={tracker.direction === d ? "true" : undefined}
              className={tracker.direction === d ? "font-semibold" : ""}
            >
              {d ? t(`legislation:direction.${d}`) : t("legislation:tracker.all")}
            </Link>
          ))}
        </nav>
      ) : null}
      {follow ? (
        <Form method="post" className="flex flex-wrap items-center gap-3">
          <input type="hidden" name="intent" value={follow.following ? "unfollow" : "follow"} />
          <span className="text-sm">
            {t(follow.following ? "legislation:follow.following" : "legislation:follow.notFollowing")}
          </span>
          <button type="submit" className={follow.following ? "btn btn-secondary" : "btn"}>
            {t(follow.following ? "legislation:follow.unfollow" : "legislation:follow.follow")}
          </button>
        </Form>
      ) : null}
      {tracker.canRecord ? (
        <p>
          <Link to={`/secretariat/legislation/new?country=${countryCode}`} className="btn btn-secondary">
            {t("legislation:tracker.record")}
          </Link>
        </p>
      ) : null}
      {tracker.items.length ? (
        <ul className="space-y-2">
          {tracker.items.map((l) => (
            <li key={l.id} className="card space-y-1">
              <p>
                <Link to={`/legislation/${l.id}`} lang={l.contentLanguage} className="font-semibold">
                  {l.title}
                </Link>{" "}
                <span className="text-sm">({t(`legislation:kind.${l.kind}`)})</span>
              </p>
              <p className="flex flex-wrap items-center gap-2 text-sm">
                <StageBadge stage={l.stage} />
                <span>{t("legislation:tracker.since", { date: formatDate(l.stageOn, locale) })}</span>
                <DirectionBadge direction={l.direction} />
              </p>
              {l.summary ? (
                <p lang={l.contentLanguage} className="text-sm">
                  {l.summary}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("legislation:tracker.empty")}</p>
      )}
      <Pagination
        param="lp"
        page={tracker.page}
        pages={tracker.pages}
        label={t("legislation:tracker.pager")}
      />
    </section>
  );
}
