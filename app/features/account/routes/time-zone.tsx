// /settings/time-zone: the member's time zone, in which every time on Puente and in emails is shown.
// A searchable list that works without JavaScript (a GET search narrows the list; the POST saves), and,
// when JavaScript runs, the browser's zone offered for confirmation. Also the target of the offer shown
// on every page while the zone is still the default from the organisation's country.
import { data, Form, redirect, useSearchParams } from "react-router";
import { ErrorList, Notice } from "~/components/form-fields";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser, safeRedirect } from "~/features/auth/index.server";
import { formatDateTime, timeZoneLabel } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { isValidTimeZone } from "~/i18n/time-zones";
import { canonicalZone, searchZones } from "~/i18n/time-zones.server";
import { useTranslation } from "~/i18n/use-translation";
import { audit } from "~/utils/audit.server";
import { db } from "~/utils/db.server";
import { TimeZoneOffer } from "../components/time-zone-offer";
import type { Route } from "./+types/time-zone";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const { user } = await requireUser(request);
  const locale = getLocale(request, user.locale);
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 80);
  const current = canonicalZone(user.timeZone);
  const options = searchZones(locale, q);
  // The current zone stays in the list whatever the search, so the form never changes it by accident.
  const all = options.some((o) => o.value === current)
    ? options
    : [...searchZones(locale, "").filter((o) => o.value === current), ...options];
  return {
    q,
    current: user.timeZone,
    currentLabel: timeZoneLabel(user.timeZone, locale),
    now: formatDateTime(new Date(), locale, user.timeZone, "long"),
    confirmed: !!user.timeZoneConfirmedAt,
    options: all.map(({ value, label }) => ({ value, label })),
    matches: options.length,
    selected: current,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { user } = await requireUser(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  const to = safeRedirect(form.get("redirectTo"), "/settings/time-zone?done=saved");
  if (intent === "keep") {
    await db().user.update({ where: { id: user.id }, data: { timeZoneConfirmedAt: new Date() } });
    return redirect(to);
  }
  const zone = String(form.get("timeZone") ?? "");
  if (intent !== "set" || !isValidTimeZone(zone))
    return data({ error: "account:timeZone.invalid" }, { status: 400 });
  await db().$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { timeZone: zone, timeZoneConfirmedAt: new Date() },
    });
    await audit(tx, {
      actorId: user.id,
      action: "account.time_zone_set",
      entityType: "user",
      entityId: user.id,
      ip: clientIp(context),
      metadata: { from: user.timeZone, to: zone },
    });
  });
  return redirect(to);
}

export default function TimeZoneSettings({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const l = loaderData;
  return (
    <section className="max-w-2xl space-y-4" aria-labelledby="tz-title">
      <h1 id="tz-title">{t("account:timeZone.title")}</h1>
      {search.get("done") === "saved" ? <Notice>{t("account:timeZone.saved")}</Notice> : null}
      <ErrorList errors={actionData && "error" in actionData ? [actionData.error] : undefined} />
      <p>{t("account:timeZone.intro")}</p>
      <p>
        <strong>{t("account:timeZone.current")}</strong> {l.currentLabel}
        <br />
        <span className="text-sm text-[var(--color-muted)]">{t("account:timeZone.now", { now: l.now })}</span>
      </p>
      {!l.confirmed ? <p className="text-sm">{t("account:timeZone.defaulted")}</p> : null}
      <TimeZoneOffer current={l.current} always />
      <Form method="get" className="flex flex-wrap items-end gap-3" role="search">
        <div>
          <label htmlFor="tz-search" className="block">
            {t("account:timeZone.search")}
          </label>
          <input id="tz-search" name="q" type="search" defaultValue={l.q} aria-describedby="tz-search-hint" />
          <p id="tz-search-hint" className="text-sm text-[var(--color-muted)]">
            {t("account:timeZone.searchHint")}
          </p>
        </div>
        <button type="submit" className="btn btn-secondary">
          {t("account:timeZone.searchButton")}
        </button>
      </Form>
      <p role="status" className="text-sm">
        {t("account:timeZone.matches", { count: l.matches })}
      </p>
      <Form method="post" className="space-y-3">
        <input type="hidden" name="intent" value="set" />
        <div>
          <label htmlFor="tz-select" className="block">
            {t("account:timeZone.label")}
          </label>
          <select
            id="tz-select"
            name="timeZone"
            defaultValue={l.selected}
            size={Math.min(12, Math.max(2, l.options.length))}
            className="w-full"
            key={l.q}
          >
            {l.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn">
          {t("account:timeZone.save")}
        </button>
      </Form>
    </section>
  );
}
