import { describe, expect, it } from "vitest";
import { formatDateTime } from "./format";
import { isValidTimeZone, timeZones, utcToZonedLocal, zonedLocalToUtc } from "./time-zones";

describe("time zones", () => {
  it("turns a local date-time in an IANA zone into UTC, across daylight-saving rules", () => {
    expect(zonedLocalToUtc("2026-12-03T15:00", "America/Mexico_City")?.toISOString()).toBe(
      "2026-12-03T21:00:00.000Z",
    );
    expect(zonedLocalToUtc("2026-07-01T09:30", "Europe/Paris")?.toISOString()).toBe(
      "2026-07-01T07:30:00.000Z",
    );
    expect(zonedLocalToUtc("2026-01-15T09:30", "Europe/Paris")?.toISOString()).toBe(
      "2026-01-15T08:30:00.000Z",
    );
    expect(zonedLocalToUtc("2026-05-01T08:00", "Asia/Kathmandu")?.toISOString()).toBe(
      "2026-05-01T02:15:00.000Z",
    );
    expect(zonedLocalToUtc("2026-05-01T08:00", "UTC")?.toISOString()).toBe("2026-05-01T08:00:00.000Z");
  });

  it("handles skipped and repeated local times (Europe/Paris, 2026)", () => {
    // 02:30 does not exist on 29 March: it moves forward by the jump.
    expect(zonedLocalToUtc("2026-03-29T02:30", "Europe/Paris")?.toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
    // 02:30 happens twice on 25 October: the earlier instant.
    expect(zonedLocalToUtc("2026-10-25T02:30", "Europe/Paris")?.toISOString()).toBe(
      "2026-10-25T00:30:00.000Z",
    );
  });

  it("refuses malformed values and unknown zones", () => {
    expect(zonedLocalToUtc("2026-02-30T10:00", "UTC")).toBeNull();
    expect(zonedLocalToUtc("tomorrow", "UTC")).toBeNull();
    expect(zonedLocalToUtc("2026-02-03T10:00", "Mars/Olympus")).toBeNull();
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("America/Guatemala")).toBe(true);
    expect(timeZones()[0]).toBe("UTC");
    expect(timeZones()).toContain("Africa/Nairobi");
  });

  it("round-trips to a datetime-local value and formats with the zone's name", () => {
    const utc = zonedLocalToUtc("2026-12-03T15:00", "America/Mexico_City")!;
    expect(utcToZonedLocal(utc, "America/Mexico_City")).toBe("2026-12-03T15:00");
    expect(utcToZonedLocal(utc, "Europe/Madrid")).toBe("2026-12-03T22:00");
    expect(formatDateTime(utc, "en", "Europe/Madrid", "long")).toMatch(
      /10:00.*PM.*Central European Standard Time/,
    );
    expect(formatDateTime(utc, "es", "America/Mexico_City", "long")).toMatch(/15:00/);
  });
});
