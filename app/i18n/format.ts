// Locale-aware formatting: dates, numbers and names of countries and languages come from Intl,
// so they follow the reader's language without translation files.
import type { Locale } from "./config";

// Intl formatters are costly to build and a page formats dozens of values: one per locale and options.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.Collator>();
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.Collator>(
  key: string,
  make: () => F,
): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    f = make();
    if (formatters.size < 1_000) formatters.set(key, f);
  }
  return f;
}

/**
 * A day. Instants (createdAt, startedAt…) are shown as the day it was in the reader's `timeZone`;
 * calendar dates stored as midnight UTC (wanted-by, due-on, @db.Date columns) keep the default "UTC".
 */
export function formatDate(
  value: Date | string | null | undefined,
  locale: Locale,
  style: "medium" | "long" | "short" = "medium",
  timeZone = "UTC",
) {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  const zone = safeZone(timeZone);
  const key = `date:${locale}:${style}:${zone}`;
  // Formatting is the costly part (ICU), and the same instants come back on every view of a board: the
  // texts are remembered, up to a bound (instants vary without end).
  const id = `${key}:${date.getTime()}`;
  const known = formattedDates.get(id);
  if (known !== undefined) return known;
  const text = cached(
    key,
    () => new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: zone }),
  ).format(date);
  if (formattedDates.size >= 10_000) formattedDates.clear();
  formattedDates.set(id, text);
  return text;
}

const formattedDates = new Map<string, string>();

function safeZone(timeZone: string | null | undefined) {
  if (!timeZone) return "UTC";
  try {
    cached(`zone:${timeZone}`, () => new Intl.DateTimeFormat("en", { timeZone }));
    return timeZone;
  } catch {
    return "UTC";
  }
}

/**
 * A moment, in the reader's zone and language, with the zone named ("3 Dec 2026, 15:00 CST"; `long`:
 * "Thursday, 3 December 2026 at 15:00 Central Standard Time"). Every time shown to a person goes
 * through here. (Intl refuses dateStyle/timeStyle together with timeZoneName: the fields are spelled out.)
 */
export function formatDateTime(
  value: Date | string,
  locale: Locale | string,
  timeZone = "UTC",
  style: "short" | "long" = "short",
) {
  const date = typeof value === "string" ? new Date(value) : value;
  const zone = safeZone(timeZone);
  return cached(`datetime:${locale}:${zone}:${style}`, () =>
    style === "long"
      ? new Intl.DateTimeFormat(locale, {
          weekday: "long",
          year: "numeric",
          month: "long",
          day: "numeric",
          hour: "2-digit",
          minute: "2-digit",
          timeZone: zone,
          timeZoneName: "long",
        })
      : new Intl.DateTimeFormat(locale, {
          year: "numeric",
          month: "short",
          day: "numeric",
          hour: "2-digit",
          minute: "2-digit",
          timeZone: zone,
          timeZoneName: "short",
        }),
  ).format(date);
}

/** A zone's name for people: "Mexico City" → "Central Standard Time (America/Mexico_City)". */
export function timeZoneLabel(timeZone: string, locale: Locale | string, at: Date = new Date()) {
  const zone = safeZone(timeZone);
  const name =
    cached(
      `zonename:${locale}:${zone}`,
      () => new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "longGeneric" }),
    )
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value ?? zone;
  return `${name} (${zone.replace(/_/g, " ")})`;
}

export function formatNumber(value: number, locale: Locale, options?: Intl.NumberFormatOptions) {
  return cached(
    `number:${locale}:${options ? JSON.stringify(options) : ""}`,
    () => new Intl.NumberFormat(locale, options),
  ).format(value);
}

export function formatPercent(value: number, locale: Locale) {
  return formatNumber(value, locale, { style: "percent", maximumFractionDigits: 0 });
}

/** A collator per locale (localeCompare with a locale builds one on every call). */
export function collatorFor(locale: Locale) {
  return cached(`collator:${locale}`, () => new Intl.Collator(locale));
}

const displayNames = new Map<string, Intl.DisplayNames>();
function names(locale: Locale, type: "region" | "language") {
  const key = `${locale}:${type}`;
  let dn = displayNames.get(key);
  if (!dn) {
    dn = new Intl.DisplayNames([locale], { type, fallback: "code" });
    displayNames.set(key, dn);
  }
  return dn;
}

// Names are looked up dozens of times per page (facets, cards) and Intl.DisplayNames.of is not cheap;
// there are a few hundred codes per locale, so every answer is kept.
const nameCache = new Map<string, string>();
function cachedName(locale: Locale, type: "region" | "language", code: string) {
  const key = `${locale}:${type}:${code}`;
  let name = nameCache.get(key);
  if (name === undefined) {
    name = names(locale, type).of(code) ?? code;
    if (nameCache.size < 5_000) nameCache.set(key, name);
  }
  return name;
}

export function countryName(code: string, locale: Locale) {
  return cachedName(locale, "region", code.toUpperCase());
}

export function languageName(code: string, locale: Locale) {
  return cachedName(locale, "language", code);
}
