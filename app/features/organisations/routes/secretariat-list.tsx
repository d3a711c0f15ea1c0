import { useTranslation } from "~/i18n/use-translation";
import { Form, Link, useSearchParams } from "react-router";
import { Notice } from "~/components/form-fields";
import { Pagination } from "~/components/pagination";
import { pageParam } from "~/utils/pagination";
import { requireSecretariat } from "~/features/auth/index.server";
import { countryName, formatDate } from "~/i18n/format";
import { useRootData, useReaderZone } from "~/root";
import { listOrganisations, ORGS_PAGE_SIZE } from "../services/organisations.server";
import type { Route } from "./+types/secretariat-list";

export async function loader({ request }: Route.LoaderArgs) {
  await requireSecretariat(request);
  const url = new URL(request.url);
  const page = pageParam(url);
  const filter = {
    kind: url.searchParams.get("kind") ?? undefined,
    vetting: url.searchParams.get("vetting") ?? undefined,
    q: url.searchParams.get("q")?.replaceAll("\u0000", "").trim() || undefined,
    page,
  };
  const { total, rows } = await listOrganisations(filter);
  return {
    page,
    pageSize: ORGS_PAGE_SIZE,
    total,
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      countryCode: r.countryCode,
      vettingLevel: r.vettingLevel,
      createdAt: r.createdAt.toISOString(),
      members: r._count.memberships,
      changePending: !!r.pendingChangeAt,
    })),
  };
}

export default function SecretariatOrganisations({ loaderData }: Route.ComponentProps) {
  const zone = useReaderZone();
  const { t } = useTranslation();
  const locale = useRootData()?.locale ?? "en";
  const [params] = useSearchParams();
  return (
    <section className="space-y-6" aria-labelledby="orgs-title">
      <h1 id="orgs-title">{t("org:secretariat.title")}</h1>
      {params.get("done") === "invited" ? <Notice>{t("org:secretariat.invited")}</Notice> : null}
      <p>
        <Link to="/secretariat/organisations/new" className="btn">
          {t("org:secretariat.inviteNew")}
        </Link>
      </p>
      <Form method="get" className="flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor="q">{t("org:secretariat.search")}</label>
          <input id="q" name="q" type="search" defaultValue={params.get("q") ?? ""} />
        </div>
        <div>
          <label htmlFor="kind">{t("org:fields.kind")}</label>
          <select id="kind" name="kind" defaultValue={params.get("kind") ?? ""}>
            <option value="">{t("org:secretariat.any")}</option>
            {(["COALITION", "EXPERT", "SECRETARIAT"] as const).map((k) => (
              <option key={k} value={k}>
                {t(`org:kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="vetting">{t("org:fields.vetting")}</label>
          <select id="vetting" name="vetting" defaultValue={params.get("vetting") ?? ""}>
            <option value="">{t("org:secretariat.any")}</option>
            {(["unverified", "verified", "trusted"] as const).map((v) => (
              <option key={v} value={v}>
                {t(`org:vetting.${v}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn">
          {t("common:actions.filter")}
        </button>
      </Form>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t("org:secretariat.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("org:fields.name")}</th>
            <th scope="col">{t("org:fields.kind")}</th>
            <th scope="col">{t("org:fields.country")}</th>
            <th scope="col">{t("org:fields.vetting")}</th>
            <th scope="col">{t("org:secretariat.members")}</th>
            <th scope="col">{t("org:secretariat.created")}</th>
          </tr>
        </thead>
        <tbody>
          {loaderData.rows.map((r) => (
            <tr key={r.id}>
              <td>
                <Link to={`/secretariat/organisations/${r.id}`} className="inline-block min-h-6">
                  {r.name}
                </Link>
              </td>
              <td>{t(`org:kind.${r.kind}`)}</td>
              <td>{r.countryCode ? countryName(r.countryCode, locale) : "—"}</td>
              <td>
                {t(`org:vetting.${r.vettingLevel}`)}
                {r.changePending ? (
                  <>
                    {" "}
                    <span className="badge">{t("org:change.title")}</span>
                  </>
                ) : null}
              </td>
              <td>{r.members}</td>
              <td>{formatDate(r.createdAt, locale, "medium", zone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={loaderData.page} pageSize={loaderData.pageSize} total={loaderData.total} />
    </section>
  );
}
