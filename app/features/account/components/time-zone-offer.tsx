// When JavaScript runs: the browser's time zone, offered for confirmation while the member's zone is
// still the default from their organisation's country (or, on the settings page, whenever it differs).
// Without JavaScript nothing shows: the settings page's searchable list does the same job.
import { useEffect, useState } from "react";
import { Form, useLocation } from "react-router";
import { useTranslation } from "~/i18n/use-translation";
import { isValidTimeZone } from "~/i18n/time-zones";

function browserTimeZone(): string | null {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && isValidTimeZone(zone) ? zone : null;
  } catch {
    return null;
  }
}

export function TimeZoneOffer({ current, always = false }: { current: string; always?: boolean }) {
  const { t } = useTranslation();
  const location = useLocation();
  const [detected, setDetected] = useState<string | null>(null);
  useEffect(() => setDetected(browserTimeZone()), []);
  if (!detected || (detected === current && !always)) return null;
  const same = detected === current;
  return (
    <aside
      aria-labelledby="tz-offer-title"
      className="card mb-4 space-y-2 border-2 border-[var(--color-brand-800)]"
    >
      <h2 className="text-base font-semibold">{t("account:timeZone.offerTitle")}</h2>
      <p>
        {same
          ? t("account:timeZone.offerSame", { zone: detected.replace(/_/g, " ") })
          : t("account:timeZone.offer", {
              detected: detected.replace(/_/g, " "),
              current: current.replace(/_/g, " "),
            })}
      </p>
      {same ? null : (
        <div className="flex flex-wrap gap-3">
          <Form method="post" action="/settings/time-zone" reloadDocument>
            <input type="hidden" name="intent" value="set" />
            <input type="hidden" name="timeZone" value={detected} />
            <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
            <button type="submit" className="btn">
              {t("account:timeZone.useDetected", { zone: detected.replace(/_/g, " ") })}
            </button>
          </Form>
          {always ? null : (
            <Form method="post" action="/settings/time-zone" reloadDocument>
              <input type="hidden" name="intent" value="keep" />
              <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
              <button type="submit" className="btn btn-secondary">
                {t("account:timeZone.keep", { zone: current.replace(/_/g, " ") })}
              </button>
            </Form>
          )}
        </div>
      )}
    </aside>
  );
}
