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

export function formatDate(
  value: Date | string | null | undefined,
  locale: Locale,
  style: "medium" | "long" | "short" = "medium",
) {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return cached(
    `date:${locale}:${style}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: "UTC" }),
  ).format(date);
}

export function formatDateTime(value: Date | string, locale: Locale, timeZone = "UTC") {
  const date = typeof value === "string" ? new Date(value) : value;
  // dateStyle/timeStyle cannot be combined with timeZoneName: spell the fields out.
  return cached(
    `datetime:${locale}:${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZone,
        timeZoneName: "short",
      }),
  ).format(date);
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
