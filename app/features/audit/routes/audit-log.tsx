import { useTranslation } from "~/i18n/use-translation";
import { Form, Link, useSearchParams } from "react-router";
import { Pagination } from "~/components/pagination";
import { requireSecretariat } from "~/features/auth/index.server";
import { formatDateTime } from "~/i18n/format";
import { useRootData, useReaderZone } from "~/root";
import { AUDIT_PAGE_SIZE, auditFilterFromUrl, listAuditEvents } from "../services/audit-log.server";
import type { Route } from "./+types/audit-log";

export async function loader({ request }: Route.LoaderArgs) {
  await requireSecretariat(request);
  const filter = auditFilterFromUrl(new URL(request.url));
  const { total, events } = await listAuditEvents(filter);
  return { total, events, page: filter.page, pageSize: AUDIT_PAGE_SIZE };
}

const filterFields = [
  { name: "actor", type: "text" },
  { name: "action", type: "text" },
  { name: "entityType", type: "text" },
  { name: "entityId", type: "text" },
  { name: "from", type: "date" },
  { name: "to", type: "date" },
] as const;

export default function AuditLog({ loaderData }: Route.ComponentProps) {
  const zone = useReaderZone();
  const { t } = useTranslation();
  const locale = useRootData()?.locale ?? "en";
  const [params] = useSearchParams();
  return (
    <section className="space-y-6" aria-labelledby="audit-title">
      <h1 id="audit-title">{t("audit:title")}</h1>
      <p>{t("audit:intro")}</p>
      <Form method="get" className="grid gap-4 sm:grid-cols-3" aria-label={t("audit:filters")}>
        {filterFields.map((f) => (
          <div key={f.name}>
            <label htmlFor={`audit-${f.name}`}>{t(`audit:filter.${f.name}`)}</label>
            <input
              id={`audit-${f.name}`}
              name={f.name}
              type={f.type}
              defaultValue={params.get(f.name) ?? ""}
              maxLength={254}
            />
          </div>
        ))}
        <div className="flex items-end gap-2">
          <button type="submit" className="btn">
            {t("common:actions.filter")}
          </button>
          <Link to="/secretariat/audit">{t("common:actions.reset")}</Link>
        </div>
      </Form>
      <p>{t("audit:count", { count: loaderData.total })}</p>
      <table className="stack-table w-full text-left text-sm">
        <caption className="sr-only">{t("audit:title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("audit:col.time")}</th>
            <th scope="col">{t("audit:col.actor")}</th>
            <th scope="col">{t("audit:col.action")}</th>
            <th scope="col">{t("audit:col.entity")}</th>
            <th scope="col">{t("audit:col.ip")}</th>
            <th scope="col">{t("audit:col.metadata")}</th>
          </tr>
        </thead>
        <tbody>
          {loaderData.events.map((e) => (
            <tr key={e.id}>
              <td data-label={t("audit:col.time")}>{formatDateTime(e.createdAt, locale, zone)}</td>
              <td data-label={t("audit:col.actor")}>
                {e.actor ? (
                  <>
                    <Link to={`/secretariat/audit?actor=${encodeURIComponent(e.actor.id)}`}>
                      {e.actor.name}
                    </Link>
                    {e.organisations.length ? (
                      <span
                        className="block text-xs text-[var(--color-muted)]"
                        data-testid="audit-organisation"
                      >
                        {e.organisations.join(", ")}
                      </span>
                    ) : null}
                  </>
                ) : (
                  t("audit:system")
                )}
              </td>
              <td data-label={t("audit:col.action")}>
                <code>{e.action}</code>
              </td>
              <td data-label={t("audit:col.entity")}>
                {e.entityType}
                {e.entityId ? (
                  <>
                    {" "}
                    <Link
                      to={`/secretariat/audit?entityType=${encodeURIComponent(e.entityType)}&entityId=${encodeURIComponent(e.entityId)}`}
                    >
                      <code>{e.entityId}</code>
                    </Link>
                  </>
                ) : null}
              </td>
              <td data-label={t("audit:col.ip")}>{e.ip ?? "—"}</td>
              <td data-label={t("audit:col.metadata")}>
                <code className="break-all">{e.metadata ?? ""}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={loaderData.page} pageSize={loaderData.pageSize} total={loaderData.total} />
    </section>
  );
}
