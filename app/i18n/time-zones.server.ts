// Time-zone data for people: the picker's list (IANA zones grouped by country and clock, with their main
// cities and the country's name in the reader's language, from @vvo/tzdb, which follows the IANA tz
// database) and a country's default zone (the zone of its most populous city, GeoNames populations through
// the city-timezones package), used when a member joins before they choose one.
import { createRequire } from "node:module";
import { getTimeZones } from "@vvo/tzdb";
import type { Locale } from "./config";
import { isValidTimeZone } from "./time-zones";

export type ZoneOption = { value: string; label: string; search: string };

const optionCache = new Map<string, ZoneOption[]>();

function fold(text: string) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * Every zone a member can pick, in the reader's language: "−06:00 Mexico — Central Time (Mexico City,
 * Iztapalapa…)". UTC first. Recomputed once a day per language (offsets follow daylight saving).
 */
export function zoneOptions(locale: Locale): ZoneOption[] {
  const day = new Date().toISOString().slice(0, 10);
  const key = `${locale}:${day}`;
  let options = optionCache.get(key);
  if (!options) {
    optionCache.clear();
    const zones = getTimeZones({ locale }).filter((z) => isValidTimeZone(z.name));
    options = [
      { value: "UTC", label: "UTC", search: "utc gmt" },
      ...zones.map((z) => {
        const offset = z.currentTimeFormat.slice(0, 6).replace("-", "−");
        const label = `${offset} ${z.countryName} — ${z.alternativeName} (${z.mainCities.slice(0, 3).join(", ")})`;
        return {
          value: z.name,
          label,
          search: fold([label, z.countryCode, z.abbreviation, ...z.group].join(" ").replace(/_/g, " ")),
        };
      }),
    ];
    optionCache.set(key, options);
  }
  return options;
}

/** The picker's list narrowed by what the member typed (country, city, zone name or abbreviation). */
export function searchZones(locale: Locale, query: string | null | undefined): ZoneOption[] {
  const all = zoneOptions(locale);
  const words = fold(query ?? "")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 5);
  if (!words.length) return all;
  return all.filter((o) => words.every((w) => o.search.includes(w)));
}

/** The zone a saved value belongs to in the list (an old IANA name finds its entry's group). */
export function canonicalZone(value: string): string {
  if (value === "UTC") return value;
  const entry = getTimeZones().find((z) => z.name === value || z.group.includes(value));
  return entry?.name ?? value;
}

let countryZones: Map<string, string> | undefined;

/** The zone of a country's most populous city, or UTC for an unknown country. */
export function defaultTimeZoneFor(countryCode: string | null | undefined): string {
  if (!countryCode) return "UTC";
  if (!countryZones) {
    const require = createRequire(import.meta.url);
    const { cityMapping } = require("city-timezones") as {
      cityMapping: Array<{ iso2: string; pop: number; timezone: string }>;
    };
    const best = new Map<string, { pop: number; zone: string }>();
    for (const city of cityMapping) {
      if (!city.iso2 || !city.timezone || !isValidTimeZone(city.timezone)) continue;
      const current = best.get(city.iso2);
      if (!current || city.pop > current.pop) best.set(city.iso2, { pop: city.pop, zone: city.timezone });
    }
    countryZones = new Map([...best].map(([code, v]) => [code, v.zone]));
  }
  return countryZones.get(countryCode.toUpperCase()) ?? "UTC";
}
