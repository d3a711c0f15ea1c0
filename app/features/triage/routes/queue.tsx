// /secretariat/triage: submitted needs, most urgent first, then oldest. Each opens on its need page,
// where the secretariat opens it, asks for more information or declines it.
import { useReaderZone } from "~/root";
import { useTranslation } from "~/i18n/use-translation";
import { Link, useSearchParams } from "react-router";
import { Notice } from "~/components/form-fields";
import { requireSecretariat } from "~/features/auth/index.server";
import { Pagination } from "~/components/pagination";
import { pageCount, pageParam } from "~/utils/pagination";
import { loadTaxonomy } from "~/features/taxonomy/reference.server";
import { getLocale } from "~/i18n/i18n.server";
import { countryName, formatDate, formatNumber } from "~/i18n/format";
import { db } from "~/utils/db.server";
import { triageQueue } from "../services/triage-queue.server";
import type { Route } from "./+types/queue";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const locale = getLocale(request, ctx.user.locale);
  const page = pageParam(new URL(request.url));
  const [queue, taxonomy] = await Promise.all([triageQueue(db(), { page }), loadTaxonomy(locale)]);
  return {
    locale,
    queue: {
      ...queue,
      needs: queue.needs.map((n) => ({ ...n, countryLabel: countryName(n.countryCode, locale) })),
    },
    categories: Object.fromEntries(taxonomy.map((c) => [c.id, c.label])),
  };
}

export default function TriageQueue({ loaderData }: Route.ComponentProps) {
  const zone = useReaderZone();
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const { queue, locale, categories } = loaderData;
  return (
    <section className="space-y-4" aria-labelledby="triage-title">
      {search.get("done") === "triaged" ? <Notice>{t("needs:notice.triaged")}</Notice> : null}
      <h1 id="triage-title">{t("triage:queue.title")}</h1>
      <p>{t("triage:queue.intro")}</p>
      <p>{t("triage:queue.count", { count: queue.total, formatted: formatNumber(queue.total, locale) })}</p>
      {queue.needs.length === 0 ? (
        <p>{t("triage:queue.empty")}</p>
      ) : (
        <ol className="space-y-3" aria-label={t("triage:queue.listLabel")}>
          {queue.needs.map((n) => (
            <li key={n.id} className="card space-y-1">
              <h2 className="text-lg" lang={n.contentLanguage}>
                <Link to={`/needs/${n.id}`}>{n.title}</Link>
              </h2>
              <p className="text-sm text-[var(--color-muted)]">
                {n.organisation.name} · {n.countryLabel} · {categories[n.categoryId] ?? n.categoryId}
              </p>
              <p lang={n.contentLanguage}>
                {n.summary.length > 240 ? `${n.summary.slice(0, 240)}…` : n.summary}
              </p>
              <p className="flex flex-wrap gap-2 text-sm">
                <span className="badge">{t(`needs:urgency.${n.urgency}`)}</span>
                <span>
                  {t("triage:queue.submitted")}: {formatDate(n.submittedAt, locale, "medium", zone)}
                </span>
                {n._count.triageMessages > 0 ? (
                  <span className="badge">{t("triage:queue.answered")}</span>
                ) : null}
                <Link to={`/needs/${n.id}`} aria-label={`${t("triage:queue.review")}: ${n.title}`}>
                  {t("triage:queue.review")}
                </Link>
              </p>
            </li>
          ))}
        </ol>
      )}
      <Pagination
        page={queue.page}
        pages={pageCount(queue.total, queue.pageSize)}
        total={queue.total}
        pageSize={queue.pageSize}
      />
    </section>
  );
}
