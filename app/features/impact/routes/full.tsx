// /secretariat/impact — the secretariat's impact report: every figure, small counts included, with the
// number of ratings behind each average. Same page, charts and CSV as the public version.
import { Link } from "react-router";
import { requireSecretariat } from "~/features/auth/index.server";
import { formatDate } from "~/i18n/format";
import { getFixedT, getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { db } from "~/utils/db.server";
import { ImpactReportView } from "../components/report";
import { impactReport, parseImpactParams } from "../services/impact.server";
import { presentReport } from "../services/present.server";
import type { Route } from "./+types/full";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const locale = getLocale(request, ctx.user.locale);
  const filters = parseImpactParams(new URL(request.url));
  const [report, t] = await Promise.all([
    impactReport(db(), filters),
    getFixedT(locale, ["impact", "countries", "common"]),
  ]);
  const q = new URLSearchParams({
    from: filters.from,
    to: filters.to,
    by: filters.by,
    ...(filters.region ? { region: filters.region } : {}),
  });
  return {
    filters,
    report: presentReport(t, locale, filters.by, report, "full"),
    periodText: t("impact:period", {
      from: formatDate(`${filters.from}T12:00:00Z`, locale, "long"),
      to: formatDate(`${filters.to}T12:00:00Z`, locale, "long"),
    }),
    csvHref: `/secretariat/impact/export.csv?${q}`,
    publicHref: `/impact?${q}`,
  };
}

export default function FullImpact({ loaderData: d }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <p className="print:hidden">
        <Link to={d.publicHref}>{t("impact:seePublic")}</Link>
      </p>
      <ImpactReportView
        version="full"
        filters={d.filters}
        report={d.report}
        periodText={d.periodText}
        csvHref={d.csvHref}
      />
    </div>
  );
}
