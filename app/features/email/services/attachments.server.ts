// Files attached to an email, generated when it is sent so they reflect the current record: today only a
// coordination call's calendar file (with an invitation or a cancellation), which carries the country, the
// time and a link back (never the agenda). A call cancelled before its invitation went out sends a file
// that cancels, so no calendar keeps a call that will not happen.
import type { PrismaClient } from "~/generated/prisma/client";
import { callIcs } from "~/features/coordination/ics";
import { countryName } from "~/i18n/format";
import { getFixedT } from "~/i18n/i18n.server";
import type { Locale } from "~/i18n/config";
import { appUrl } from "~/utils/urls";
import type { EmailTemplate } from "../catalog";

export async function attachmentsFor(
  db: PrismaClient,
  template: EmailTemplate,
  params: unknown,
  locale: Locale,
) {
  if (template !== "call_invitation" && template !== "call_cancelled") return undefined;
  const callId = (params as { callId?: string }).callId;
  if (!callId) return undefined;
  const call = await db.coordinationCall.findUnique({
    where: { id: callId },
    select: {
      id: true,
      sequence: true,
      startsAt: true,
      durationMinutes: true,
      title: true,
      countryCode: true,
      status: true,
    },
  });
  if (!call) return undefined;
  const t = await getFixedT(locale, "coordination");
  const country = countryName(call.countryCode, locale);
  const url = appUrl(`/calls/${call.id}`);
  const cancelled = call.status === "cancelled";
  const content = callIcs({
    id: call.id,
    sequence: call.sequence,
    startsAt: call.startsAt,
    durationMinutes: call.durationMinutes,
    summary: call.title || t("call.defaultTitle", { country }),
    description: t("ics.description", { country, url }),
    url,
    cancelled,
    host: new URL(url).hostname,
  });
  return [
    {
      filename: "puente-call.ics",
      content,
      contentType: `text/calendar; charset=utf-8; method=${cancelled ? "CANCEL" : "PUBLISH"}`,
    },
  ];
}
