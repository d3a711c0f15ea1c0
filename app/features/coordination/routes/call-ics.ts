// /calls/:id/invite.ics: the calendar file of a call, for its invitees and the secretariat (404 for anyone
// else). It carries the country, the time (UTC) and a link back; never the agenda or notes. Audited.
import { clientIp } from "~/features/auth/services/request.server";
import { requireUser } from "~/features/auth/services/session.server";
import { countryName } from "~/i18n/format";
import { getFixedT, getLocale } from "~/i18n/i18n.server";
import { appUrl } from "~/utils/urls";
import { callIcs } from "../ics";
import { auditCallView, loadCallFor } from "../services/calls.server";
import type { Route } from "./+types/call-ics";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const { call } = await loadCallFor(ctx.viewer, params.id);
  const locale = getLocale(request, ctx.user.locale);
  const t = await getFixedT(locale, "coordination");
  const country = countryName(call.countryCode, locale);
  const url = appUrl(`/calls/${call.id}`);
  await auditCallView({ userId: ctx.user.id, ip: clientIp(context) }, call.id, "call.calendar_downloaded");
  const body = callIcs({
    id: call.id,
    sequence: call.sequence,
    startsAt: call.startsAt,
    durationMinutes: call.durationMinutes,
    summary: call.title || t("call.defaultTitle", { country }),
    description: t("ics.description", { country, url }),
    url,
    cancelled: call.status === "cancelled",
    host: new URL(url).hostname,
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="puente-call-${call.id}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
}
