// /impact/export.csv — the public impact report as CSV: exactly the figures of the public page ("<5" for
// small counts, empty where a figure is withheld).
import { getViewer } from "~/features/auth/index.server";
import { getFixedT, getLocale } from "~/i18n/i18n.server";
import { csvResponse } from "~/utils/csv.server";
import { db } from "~/utils/db.server";
import { cachedImpactReport, parseImpactParams } from "../services/impact.server";
import { presentReport, reportCsv } from "../services/present.server";
import type { Route } from "./+types/public-export";

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await getViewer(request);
  const locale = getLocale(request, ctx?.user.locale);
  const filters = parseImpactParams(new URL(request.url));
  const t = await getFixedT(locale, ["impact", "countries", "common"]);
  const report = presentReport(t, locale, filters.by, await cachedImpactReport(db(), filters), "public");
  const { headers, rows } = reportCsv(t, filters.by, report);
  return csvResponse(`puente-impact-${filters.from}-${filters.to}-${filters.by}.csv`, headers, rows);
}
