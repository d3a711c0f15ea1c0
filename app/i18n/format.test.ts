import { describe, expect, it } from "vitest";
import { formatDate } from "./format";

describe("formatDate", () => {
  it("gives each instant, locale, style and zone its own day, asked once or many times", () => {
    const late = new Date(Date.UTC(2026, 11, 7, 23, 30));
    const next = new Date(Date.UTC(2026, 11, 8, 0, 30));
    for (let i = 0; i < 3; i++) {
      expect(formatDate(late, "en")).toBe("Dec 7, 2026");
      expect(formatDate(next, "en")).toBe("Dec 8, 2026");
      // the same instant is another day in Tokyo, and another text in French or in the long style
      expect(formatDate(late, "en", "medium", "Asia/Tokyo")).toBe("Dec 8, 2026");
      expect(formatDate(late, "fr")).toBe("7 déc. 2026");
      expect(formatDate(late, "en", "long")).toBe("December 7, 2026");
      expect(formatDate(late.toISOString(), "es")).toBe("7 dic 2026");
    }
    expect(formatDate(null, "en")).toBe("");
    expect(() => formatDate("not a date", "en")).toThrow(RangeError);
  });
});
