// /secretariat/calls: upcoming and past coordination calls, paginated, with a link to schedule one.
import { useTranslation } from "~/i18n/use-translation";
import { Link, useSearchParams } from "react-router";
import { requireSecretariat } from "~/features/auth/index.server";
import { Pagination } from "~/components/pagination";
import { countryName } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { listCalls } from "../services/calls.server";
import { formatDateTime } from "~/i18n/format";
import type { Route } from "./+types/calls";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const locale = getLocale(request, ctx.user.locale);
  const url = new URL(request.url);
  const result = await listCalls(ctx.viewer, {
    page: url.searchParams.get("page"),
    when: url.searchParams.get("when") === "past" ? "past" : "upcoming",
  });
  return {
    locale,
    ...result,
    items: result.items.map((c) => ({
      ...c,
      countryLabel: countryName(c.countryCode, locale),
      when: formatDateTime(c.startsAt, locale, ctx.user.timeZone),
    })),
  };
}

export default function CallsPage({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const past = loaderData.when === "past";
  return (
    <section className="space-y-4" aria-labelledby="calls-title">
      <h1 id="calls-title">{t("coordination:list.title")}</h1>
      <p className="flex flex-wrap gap-4">
        <Link to="/secretariat/calls/new" className="btn">
          {t("coordination:new.title")}
        </Link>
        <Link to="/secretariat/calls" aria-current={!past ? "page" : undefined}>
          {t("coordination:list.upcoming")}
        </Link>
        <Link to="/secretariat/calls?when=past" aria-current={past ? "page" : undefined}>
          {t("coordination:list.past")}
        </Link>
      </p>
      {search.get("done") === "cancelled" ? <p role="status">{t("coordination:notice.cancelled")}</p> : null}
      {loaderData.items.length ? (
        <table className="stack-table w-full text-left">
          <caption className="sr-only">
            {t(past ? "coordination:list.past" : "coordination:list.upcoming")}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("coordination:list.call")}</th>
              <th scope="col">{t("coordination:list.country")}</th>
              <th scope="col">{t("coordination:list.when")}</th>
              <th scope="col">{t("coordination:list.status")}</th>
              <th scope="col">{t("coordination:list.invitees")}</th>
              <th scope="col">{t("coordination:list.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {loaderData.items.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={`/calls/${c.id}`}>
                    {c.title || t("coordination:call.defaultTitle", { country: c.countryLabel })}
                  </Link>
                </th>
                <td data-label={t("coordination:list.country")}>
                  <Link to={`/countries/${c.countryCode}`}>{c.countryLabel}</Link>
                </td>
                <td data-label={t("coordination:list.when")}>{c.when}</td>
                <td data-label={t("coordination:list.status")}>{t(`coordination:status.${c.status}`)}</td>
                <td data-label={t("coordination:list.invitees")}>{c._count.invitees}</td>
                <td data-label={t("coordination:list.actions")}>{c._count.actions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="card">{t("coordination:list.empty")}</p>
      )}
      <Pagination
        page={loaderData.page}
        pages={loaderData.pages}
        total={loaderData.total}
        pageSize={loaderData.pageSize}
      />
    </section>
  );
}
