// Digest periods. A period key names the stretch of time a digest covers, in UTC:
//   daily:2026-11-20   → [2026-11-20T00:00Z, 2026-11-21T00:00Z)
//   weekly:2026-W47    → [Monday of ISO week 47 of 2026, the next Monday)
//   urgent:<needId>    → one alert per need (no time window)
// A run at time T digests the last COMPLETE period before T (the cron at 07:00 on the 21st sends
// daily:2026-11-20), so consecutive periods neither overlap nor leave gaps, and a retried or
// re-triggered run lands on the same key. Pure arithmetic on UTC milliseconds; tested in period.test.ts.

export type Frequency = "daily" | "weekly";

const DAY = 24 * 3600 * 1000;

function startOfUtcDay(ms: number) {
  return Math.floor(ms / DAY) * DAY;
}

function pad(n: number, width = 2) {
  return String(n).padStart(width, "0");
}

/** ISO 8601 week-numbering year and week of a UTC date. */
export function isoWeek(date: Date): { year: number; week: number } {
  const day = startOfUtcDay(date.getTime());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(day + (3 - weekday) * DAY); // the week belongs to its Thursday's year
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / DAY / 7) + 1;
  return { year, week };
}

/** Monday 00:00 UTC of ISO week `week` of ISO year `year`. */
export function isoWeekStart(year: number, week: number): Date {
  const jan4 = Date.UTC(year, 0, 4); // always in week 1
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  const week1Monday = jan4 - jan4Weekday * DAY;
  return new Date(week1Monday + (week - 1) * 7 * DAY);
}

export function periodKey(frequency: Frequency, start: Date): string {
  if (frequency === "daily") {
    return `daily:${start.getUTCFullYear()}-${pad(start.getUTCMonth() + 1)}-${pad(start.getUTCDate())}`;
  }
  const { year, week } = isoWeek(start);
  return `weekly:${year}-W${pad(week)}`;
}

/** The last complete period of this frequency before `at`. */
export function previousPeriod(frequency: Frequency, at: Date): string {
  const today = startOfUtcDay(at.getTime());
  if (frequency === "daily") return periodKey("daily", new Date(today - DAY));
  const weekday = (new Date(today).getUTCDay() + 6) % 7;
  const thisMonday = today - weekday * DAY;
  return periodKey("weekly", new Date(thisMonday - 7 * DAY));
}

const DAILY = /^daily:(\d{4})-(\d{2})-(\d{2})$/;
const WEEKLY = /^weekly:(\d{4})-W(\d{2})$/;

export function parsePeriod(key: string): { frequency: Frequency; start: Date; end: Date } | null {
  const d = DAILY.exec(key);
  if (d) {
    const start = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
    const date = new Date(start);
    if (date.getUTCMonth() !== Number(d[2]) - 1 || date.getUTCDate() !== Number(d[3])) return null;
    return { frequency: "daily", start: date, end: new Date(start + DAY) };
  }
  const w = WEEKLY.exec(key);
  if (w) {
    const year = Number(w[1]);
    const week = Number(w[2]);
    if (week < 1 || week > 53) return null;
    const start = isoWeekStart(year, week);
    if (isoWeek(start).year !== year) return null; // week 53 of a 52-week year
    return { frequency: "weekly", start, end: new Date(start.getTime() + 7 * DAY) };
  }
  return null;
}

export function urgentPeriod(needId: string) {
  return `urgent:${needId}`;
}
