// /secretariat/applications — the vetting queue: open applications (oldest first), recent decisions, and
// organisations past their re-vetting date.
import { Link } from "react-router";
import { requireSecretariat } from "~/features/auth/index.server";
import { getLocale } from "~/i18n/i18n.server";
import { countryName, formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { useReaderZone } from "~/root";
import { db } from "~/utils/db.server";
import type { Route } from "./+types/applications";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const locale = getLocale(request, ctx.user.locale);
  const select = {
    id: true,
    kind: true,
    organisationName: true,
    countryCode: true,
    status: true,
    createdAt: true,
    decidedAt: true,
  } as const;
  const [open, decided, revet] = await Promise.all([
    db().membershipApplication.findMany({
      where: { status: { in: ["pending", "questions"] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 100,
      select,
    }),
    db().membershipApplication.findMany({
      where: { status: { in: ["approved", "declined"] } },
      orderBy: [{ decidedAt: "desc" }, { id: "asc" }],
      take: 20,
      select,
    }),
    db().organisation.findMany({
      where: { revetDueAt: { lte: new Date() } },
      orderBy: { revetDueAt: "asc" },
      take: 100,
      select: { id: true, name: true, revetDueAt: true },
    }),
  ]);
  const row = (a: (typeof open)[number]) => ({ ...a, countryLabel: countryName(a.countryCode, locale) });
  return { locale, open: open.map(row), decided: decided.map(row), revet };
}

export default function Applications({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const zone = useReaderZone();
  const { open, decided, revet, locale } = loaderData;
  const list = (rows: typeof open) => (
    <ul className="space-y-2">
      {rows.map((a) => (
        <li key={a.id} className="card">
          <Link to={`/secretariat/applications/${a.id}`} className="font-semibold">
            {a.organisationName}
          </Link>{" "}
          · {t(`outreach:apply.kinds.${a.kind}`)} · {a.countryLabel} ·{" "}
          <span className="badge">{t(`outreach:applications.status.${a.status}`)}</span> ·{" "}
          {formatDate(a.decidedAt ?? a.createdAt, locale, "medium", zone)}
        </li>
      ))}
    </ul>
  );
  return (
    <section aria-labelledby="applications-title" className="space-y-6">
      <h1 id="applications-title">{t("outreach:applications.title")}</h1>
      <section aria-labelledby="open-title" className="space-y-2">
        <h2 id="open-title">{t("outreach:applications.open", { count: open.length })}</h2>
        {open.length ? list(open) : <p>{t("outreach:applications.none")}</p>}
      </section>
      <section aria-labelledby="revet-title" className="space-y-2">
        <h2 id="revet-title">{t("outreach:applications.revet", { count: revet.length })}</h2>
        <ul className="space-y-1">
          {revet.map((o) => (
            <li key={o.id}>
              <Link to={`/secretariat/organisations/${o.id}`}>{o.name}</Link> ·{" "}
              {t("outreach:applications.revetSince", {
                date: formatDate(o.revetDueAt!, locale, "medium", zone),
              })}
            </li>
          ))}
        </ul>
      </section>
      {decided.length ? (
        <section aria-labelledby="decided-title" className="space-y-2">
          <h2 id="decided-title">{t("outreach:applications.decided")}</h2>
          {list(decided)}
        </section>
      ) : null}
    </section>
  );
}
