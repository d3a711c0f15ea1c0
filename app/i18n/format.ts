// Locale-aware formatting: dates, numbers and names of countries and languages come from Intl,
// so they follow the reader's language without translation files.
import type { Locale } from "./config";

export function formatDate(
  value: Date | string | null | undefined,
  locale: Locale,
  style: "medium" | "long" | "short" = "medium",
) {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: "UTC" }).format(date);
}

export function formatDateTime(value: Date | string, locale: Locale, timeZone = "UTC") {
  const date = typeof value === "string" ? new Date(value) : value;
  // dateStyle/timeStyle cannot be combined with timeZoneName: spell the fields out.
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(date);
}

export function formatNumber(value: number, locale: Locale, options?: Intl.NumberFormatOptions) {
  return new Intl.NumberFormat(locale, options).format(value);
}

export function formatPercent(value: number, locale: Locale) {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(value);
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
