// /secretariat/email-failures — emails and digests the receiving server refused for good (an address
// that no longer exists, a full mailbox refused with 5xx…), so the secretariat can fix the address.
import { useTranslation } from "~/i18n/use-translation";
import { Pagination } from "~/components/pagination";
import { pageParam } from "~/utils/pagination";
import { requireSecretariat } from "~/features/auth/index.server";
import { formatDateTime } from "~/i18n/format";
import { isLocale } from "~/i18n/config";
import { useRootData, useReaderZone } from "~/root";
import { db } from "~/utils/db.server";
import type { Route } from "./+types/email-failures";

const PAGE_SIZE = 50;

export async function loader({ request }: Route.LoaderArgs) {
  await requireSecretariat(request);
  const url = new URL(request.url);
  const page = pageParam(url);
  const digestPage = pageParam(url, "digestPage");
  const [total, emails, digestTotal, digests] = await Promise.all([
    db().emailMessage.count({ where: { status: "failed_permanent" } }),
    db().emailMessage.findMany({
      where: { status: "failed_permanent" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        toAddress: true,
        template: true,
        lastError: true,
        createdAt: true,
        user: { select: { name: true } },
      },
    }),
    db().digestDelivery.count({ where: { status: "failed" } }),
    db().digestDelivery.findMany({
      where: { status: "failed" },
      orderBy: [{ claimedAt: "desc" }, { id: "desc" }],
      skip: (digestPage - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        period: true,
        lastError: true,
        claimedAt: true,
        user: { select: { name: true, email: true } },
      },
    }),
  ]);
  return { page, total, emails, digestPage, digestTotal, digests };
}

export default function EmailFailures({ loaderData }: Route.ComponentProps) {
  const zone = useReaderZone();
  const { t } = useTranslation();
  const root = useRootData();
  const locale = isLocale(root?.locale) ? root.locale : "en";
  return (
    <section className="space-y-6" aria-labelledby="failures-title">
      <h1 id="failures-title">{t("email:failures.title")}</h1>
      <p>{t("email:failures.intro")}</p>
      <h2>{t("email:failures.emails", { count: loaderData.total })}</h2>
      {loaderData.emails.length === 0 ? (
        <p>{t("email:failures.none")}</p>
      ) : (
        <table className="w-full text-left">
          <caption className="sr-only">{t("email:failures.emails", { count: loaderData.total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("email:failures.address")}</th>
              <th scope="col">{t("email:failures.template")}</th>
              <th scope="col">{t("email:failures.error")}</th>
              <th scope="col">{t("email:failures.date")}</th>
            </tr>
          </thead>
          <tbody>
            {loaderData.emails.map((e) => (
              <tr key={e.id}>
                <td>
                  {e.toAddress}
                  {e.user ? ` (${e.user.name})` : null}
                </td>
                <td>{e.template}</td>
                <td>{e.lastError}</td>
                <td>{formatDateTime(e.createdAt, locale, zone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination
        page={loaderData.page}
        pageSize={PAGE_SIZE}
        total={loaderData.total}
        label={t("email:failures.emailPages")}
      />
      <h2>{t("email:failures.digests", { count: loaderData.digestTotal })}</h2>
      {loaderData.digests.length === 0 ? (
        <p>{t("email:failures.none")}</p>
      ) : (
        <table className="w-full text-left">
          <caption className="sr-only">
            {t("email:failures.digests", { count: loaderData.digestTotal })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("email:failures.address")}</th>
              <th scope="col">{t("email:failures.period")}</th>
              <th scope="col">{t("email:failures.error")}</th>
              <th scope="col">{t("email:failures.date")}</th>
            </tr>
          </thead>
          <tbody>
            {loaderData.digests.map((d) => (
              <tr key={d.id}>
                <td>
                  {d.user.email} ({d.user.name})
                </td>
                <td>{d.period}</td>
                <td>{d.lastError}</td>
                <td>{formatDateTime(d.claimedAt, locale, zone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination
        page={loaderData.digestPage}
        pageSize={PAGE_SIZE}
        total={loaderData.digestTotal}
        param="digestPage"
        label={t("email:failures.digestPages")}
      />
    </section>
  );
}
