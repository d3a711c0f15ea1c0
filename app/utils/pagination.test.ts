import { describe, expect, it } from "vitest";
import { MAX_PAGE, pageCount, pageNumber, pageParam } from "./pagination";

describe("paging", () => {
  it("reads a page number, and anything else (missing, hostile, out of range) as page 1", () => {
    expect(pageNumber("3")).toBe(3);
    expect(pageNumber(String(MAX_PAGE))).toBe(MAX_PAGE);
    for (const bad of [
      null,
      undefined,
      "",
      "0",
      "-3",
      "2.5",
      "1e9",
      String(MAX_PAGE + 1),
      "abc",
      "' OR 1=1--",
    ])
      expect(pageNumber(bad)).toBe(1);
    const url = new URL("http://x/list?page=4&digestPage=oops");
    expect(pageParam(url)).toBe(4);
    expect(pageParam(url, "digestPage")).toBe(1);
    expect(pageParam(url, "other")).toBe(1);
  });

  it("counts pages, at least one", () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(25, 25)).toBe(1);
    expect(pageCount(26, 25)).toBe(2);
    expect(pageCount(130, 50)).toBe(3);
  });
});
