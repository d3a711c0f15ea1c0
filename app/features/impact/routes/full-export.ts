// /secretariat/impact/export.csv — the secretariat's impact report as CSV (every figure); audited.
import { requireSecretariat } from "~/features/auth/index.server";
import { getFixedT, getLocale } from "~/i18n/i18n.server";
import { audit } from "~/utils/audit.server";
import { csvResponse } from "~/utils/csv.server";
import { db } from "~/utils/db.server";
import { clientIp } from "~/utils/request.server";
import { impactReport, parseImpactParams } from "../services/impact.server";
import { presentReport, reportCsv } from "../services/present.server";
import type { Route } from "./+types/full-export";

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const locale = getLocale(request, ctx.user.locale);
  const filters = parseImpactParams(new URL(request.url));
  const t = await getFixedT(locale, ["impact", "countries", "common"]);
  const report = presentReport(t, locale, filters.by, await impactReport(db(), filters), "full");
  const { headers, rows } = reportCsv(t, filters.by, report);
  await audit(db(), {
    actorId: ctx.user.id,
    organisationId: ctx.organisation.id,
    action: "impact.exported",
    entityType: "impact",
    entityId: filters.by,
    ip: clientIp(context),
    metadata: { from: filters.from, to: filters.to, by: filters.by, region: filters.region ?? null },
  });
  return csvResponse(`puente-impact-full-${filters.from}-${filters.to}-${filters.by}.csv`, headers, rows);
}
