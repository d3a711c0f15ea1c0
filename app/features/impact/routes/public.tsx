// /impact — the public impact report (linked from the landing page; printable): aggregates only, any
// count below 5 shown as "<5" and thin figures withheld (policy: publicImpactMinimumCount), so that no
// coalition in an at-risk country can be singled out. Open to everyone, signed in or not.
import { getViewer } from "~/features/auth/index.server";
import { readsFullImpact } from "~/features/auth/policy";
import { formatDate } from "~/i18n/format";
import { getFixedT, getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { Link } from "react-router";
import { db } from "~/utils/db.server";
import { ImpactReportView } from "../components/report";
import { cachedImpactReport, parseImpactParams } from "../services/impact.server";
import { presentReport } from "../services/present.server";
import type { Route } from "./+types/public";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

function query(f: { from: string; to: string; by: string; region?: string }) {
  return new URLSearchParams({ from: f.from, to: f.to, by: f.by, ...(f.region ? { region: f.region } : {}) });
}

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await getViewer(request);
  const locale = getLocale(request, ctx?.user.locale);
  const filters = parseImpactParams(new URL(request.url));
  const [report, t] = await Promise.all([
    cachedImpactReport(db(), filters),
    getFixedT(locale, ["impact", "countries", "common"]),
  ]);
  return {
    filters,
    report: presentReport(t, locale, filters.by, report, "public"),
    periodText: t("impact:period", {
      from: formatDate(`${filters.from}T12:00:00Z`, locale, "long"),
      to: formatDate(`${filters.to}T12:00:00Z`, locale, "long"),
    }),
    csvHref: `/impact/export.csv?${query(filters)}`,
    fullHref: readsFullImpact(ctx?.viewer ?? null) ? `/secretariat/impact?${query(filters)}` : null,
  };
}

export default function PublicImpact({ loaderData: d }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      {d.fullHref ? (
        <p className="print:hidden">
          <Link to={d.fullHref}>{t("impact:seeFull")}</Link>
        </p>
      ) : null}
      <ImpactReportView
        version="public"
        filters={d.filters}
        report={d.report}
        periodText={d.periodText}
        csvHref={d.csvHref}
      />
    </div>
  );
}
