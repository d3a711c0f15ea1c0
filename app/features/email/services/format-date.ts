import type { Locale } from "~/i18n/config";

/** Date and time in UTC, labelled as such (Intl refuses dateStyle together with timeZoneName). */
export function formatDateTime(value: Date | string, locale: Locale) {
  const date = typeof value === "string" ? new Date(value) : value;
  return `${new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date)} UTC`;
}
