import { describe, expect, it } from "vitest";
import { isoWeek, isoWeekStart, parsePeriod, periodKey, previousPeriod } from "./period";

describe("digest periods", () => {
  it("computes ISO weeks across year boundaries", () => {
    expect(isoWeek(new Date("2026-11-21T12:00:00Z"))).toEqual({ year: 2026, week: 47 });
    expect(isoWeek(new Date("2021-01-03T00:00:00Z"))).toEqual({ year: 2020, week: 53 });
    expect(isoWeek(new Date("2021-01-04T00:00:00Z"))).toEqual({ year: 2021, week: 1 });
    expect(isoWeek(new Date("2024-12-30T00:00:00Z"))).toEqual({ year: 2025, week: 1 });
    expect(isoWeek(new Date("2026-12-31T23:59:59Z"))).toEqual({ year: 2026, week: 53 });
    expect(isoWeekStart(2026, 47).toISOString()).toBe("2026-11-16T00:00:00.000Z");
    expect(isoWeekStart(2025, 1).toISOString()).toBe("2024-12-30T00:00:00.000Z");
  });

  it("agrees with a day-by-day walk for ten years", () => {
    let expected = isoWeek(new Date("2020-01-06T00:00:00Z")); // a Monday
    for (let ms = Date.UTC(2020, 0, 6); ms < Date.UTC(2030, 0, 1); ms += 86_400_000) {
      const date = new Date(ms);
      const got = isoWeek(date);
      if (date.getUTCDay() === 1 && ms !== Date.UTC(2020, 0, 6)) {
        // A week belongs to the year of its Thursday; week 1 holds the year's first Thursday.
        const thursdayYear = new Date(ms + 3 * 86_400_000).getUTCFullYear();
        expected =
          thursdayYear === expected.year
            ? { year: expected.year, week: expected.week + 1 }
            : { year: thursdayYear, week: 1 };
      }
      expect(got).toEqual(expected);
    }
  });

  it("names the last complete period before a run", () => {
    expect(previousPeriod("daily", new Date("2026-11-21T07:00:00Z"))).toBe("daily:2026-11-20");
    expect(previousPeriod("daily", new Date("2026-01-01T00:00:00Z"))).toBe("daily:2025-12-31");
    expect(previousPeriod("weekly", new Date("2026-11-23T07:00:00Z"))).toBe("weekly:2026-W47");
    expect(previousPeriod("weekly", new Date("2026-11-22T23:59:00Z"))).toBe("weekly:2026-W46");
    expect(previousPeriod("weekly", new Date("2021-01-04T07:00:00Z"))).toBe("weekly:2020-W53");
  });

  it("parses keys into windows that neither overlap nor leave gaps", () => {
    const w = parsePeriod("weekly:2026-W47")!;
    expect(w.start.toISOString()).toBe("2026-11-16T00:00:00.000Z");
    expect(w.end.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(parsePeriod("weekly:2026-W48")!.start.getTime()).toBe(w.end.getTime());
    const d = parsePeriod("daily:2026-02-28")!;
    expect(d.end.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(periodKey("daily", d.end)).toBe("daily:2026-03-01");
    expect(parsePeriod("daily:2026-02-30")).toBeNull();
    expect(parsePeriod("weekly:2025-W53")).toBeNull();
    expect(parsePeriod("weekly:2026-W53")).not.toBeNull();
    expect(parsePeriod("urgent:abc")).toBeNull();
  });
});
