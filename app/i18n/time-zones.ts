// IANA time zones, shared by every feature: times are stored in UTC; forms take a local date-time and a
// zone; every reader sees times in their own zone (formatting itself is in ./format.ts). Pure: runs in the
// browser too (the settings page detects the browser's zone with it).

let zones: string[] | undefined;
/** IANA time zones this runtime knows (Intl.supportedValuesOf), with UTC first. */
export function timeZones(): string[] {
  if (!zones) {
    const list = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    zones = ["UTC", ...list.filter((z) => z !== "UTC")];
  }
  return zones;
}

export function isValidTimeZone(tz: string) {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at `date`, in milliseconds (local = utc + offset). */
function zoneOffsetMs(date: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * "2026-12-03T15:00" in "America/Mexico_City" → the UTC instant. Null for a malformed value. A local
 * time skipped by a daylight-saving jump moves forward by the jump; an ambiguous one takes the earlier instant.
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date | null {
  const m = LOCAL.exec(local);
  if (!m || !isValidTimeZone(timeZone)) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number);
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(guess);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59)
    return null;
  // The zone's offsets a day before and after bracket any transition on that day.
  const before = zoneOffsetMs(new Date(guess - 86_400_000), timeZone);
  const after = zoneOffsetMs(new Date(guess + 86_400_000), timeZone);
  const valid = [guess - before, guess - after].filter(
    (c) => zoneOffsetMs(new Date(c), timeZone) === guess - c,
  );
  // Ambiguous (both valid): the earlier instant; skipped (none valid): shifted forward by the jump.
  const utc = valid.length ? Math.min(...valid) : guess - before;
  return new Date(utc);
}

/** "2026-12-03T15:00" for an instant seen in a zone (to fill a datetime-local control). */
export function utcToZonedLocal(date: Date, timeZone: string) {
  const local = new Date(date.getTime() + zoneOffsetMs(date, timeZone));
  return local.toISOString().slice(0, 16);
}
