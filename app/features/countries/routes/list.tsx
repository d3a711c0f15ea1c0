// /countries: countries with activity the viewer may see (needs, activities, calls), filtered by region,
// sorted by name in the reader's language, paginated.
import { FilterSelect } from "~/components/filter-select";
import { useTranslation } from "~/i18n/use-translation";
import { Form, Link } from "react-router";
import { requireUser } from "~/features/auth/index.server";
import { isSecretariat } from "~/features/auth/policy";
import { countryName } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { Pagination } from "~/components/pagination";
import { RatingBadge } from "../components/parts";
import { regions } from "../constants";
import { listCountries } from "../services/countries.server";
import type { Route } from "./+types/list";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const locale = getLocale(request, ctx.user.locale);
  const url = new URL(request.url);
  const result = await listCountries(ctx.viewer, {
    region: url.searchParams.get("region"),
    page: url.searchParams.get("page"),
  });
  const collator = new Intl.Collator(locale);
  const rows = result.rows
    .map((r) => ({ ...r, name: countryName(r.code, locale) }))
    .sort((a, b) => collator.compare(a.name, b.name))
    .slice((result.page - 1) * result.pageSize, result.page * result.pageSize);
  return { locale, ...result, rows, secretariat: isSecretariat(ctx.viewer) };
}

export default function CountryList({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { rows, region } = loaderData;
  return (
    <section className="space-y-4" aria-labelledby="countries-title">
      <h1 id="countries-title">{t("countries:list.title")}</h1>
      <p className="text-[var(--color-muted)]">{t("countries:list.intro")}</p>
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <FilterSelect
          id="region"
          name="region"
          label={t("countries:list.region")}
          defaultValue={region}
          any={t("countries:list.allRegions")}
          options={regions.map((r) => ({ value: r, label: t(`countries:region.${r}`) }))}
        />
        <button type="submit" className="btn btn-secondary">
          {t("common:actions.filter")}
        </button>
        {loaderData.secretariat ? (
          <Link to="/secretariat/calls" className="ml-auto">
            {t("coordination:nav.calls")}
          </Link>
        ) : null}
      </Form>
      {rows.length ? (
        <table className="stack-table w-full text-left">
          <caption className="sr-only">{t("countries:list.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("countries:list.country")}</th>
              <th scope="col">{t("countries:list.region")}</th>
              <th scope="col">{t("countries:list.rating")}</th>
              <th scope="col">{t("countries:list.needs")}</th>
              <th scope="col">{t("countries:list.activities")}</th>
              <th scope="col">{t("countries:list.upcomingCalls")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.code}>
                <th scope="row">
                  <Link to={`/countries/${r.code}`}>{r.name}</Link>
                </th>
                <td>{t(`countries:region.${r.region}`)}</td>
                <td>
                  <RatingBadge rating={r.rating} trend={r.trend} />
                </td>
                <td>{r.needs}</td>
                <td>{r.activities}</td>
                <td>{r.upcomingCalls}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="card">{t("countries:list.empty")}</p>
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
