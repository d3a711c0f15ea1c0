import { describe, expect, it } from "vitest";
import { isCurrentPath } from "./plain-links";

describe("isCurrentPath (as NavLink decides for absolute paths)", () => {
  it("matches the path itself and, unless `end`, the paths below it", () => {
    expect(isCurrentPath("/needs", "/needs", true)).toBe(true);
    expect(isCurrentPath("/needs/abc", "/needs", true)).toBe(false);
    expect(isCurrentPath("/inbox/abc", "/inbox")).toBe(true);
    expect(isCurrentPath("/inboxes", "/inbox")).toBe(false);
    expect(isCurrentPath("/", "/", true)).toBe(true);
    expect(isCurrentPath("/needs", "/", true)).toBe(false);
    expect(isCurrentPath("/Settings/password", "/settings")).toBe(true);
  });
});
