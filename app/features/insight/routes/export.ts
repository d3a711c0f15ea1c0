// /secretariat/insight/export/:table.csv — one dashboard table as CSV (translated headers, same filters).
import { requireSecretariat } from "~/features/auth/index.server";
import { getFixedT, getLocale } from "~/i18n/i18n.server";
import { audit } from "~/utils/audit.server";
import { csvResponse } from "~/utils/csv.server";
import { clientIp } from "~/utils/request.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import {
  expertLoad,
  flowFigures,
  gapByRegion,
  gapMap,
  outcomeFigures,
  parseInsightParams,
} from "../services/insight.server";
import { exportTables, tableRows, type ExportTable } from "../services/tables.server";
import type { Route } from "./+types/export";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const name = params.file.replace(/\.csv$/, "");
  if (!params.file.endsWith(".csv") || !(exportTables as readonly string[]).includes(name)) throw notFound();
  const table = name as ExportTable;
  const filters = parseInsightParams(new URL(request.url));
  const client = db();
  const gap = table === "gap" || table === "regions" ? await gapMap(client, filters) : [];
  const data = {
    gap,
    regions: table === "regions" ? gapByRegion(gap) : [],
    flow: table === "flow" ? await flowFigures(client, filters) : [],
    load: table === "load" ? await expertLoad(client, filters) : { table: [] },
    outcomes: table === "outcomes" ? await outcomeFigures(client, filters) : [],
  };
  const locale = getLocale(request, ctx.user.locale);
  const t = await getFixedT(locale, ["insight", "engagements", "needs", "common"]);
  const { headers, rows } = tableRows(t, locale, table, data, filters.by);
  await audit(client, {
    actorId: ctx.user.id,
    organisationId: ctx.organisation.id,
    action: "insight.exported",
    entityType: "insight",
    entityId: table,
    ip: clientIp(context),
    metadata: { table, ...filters, region: filters.region ?? null },
  });
  return csvResponse(`puente-${table}.csv`, headers, rows);
}
