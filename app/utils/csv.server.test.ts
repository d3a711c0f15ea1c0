// The one CSV helper: formula-looking cells become text (issue 15, CSV formula injection).
import { describe, expect, it } from "vitest";
import { toCsv } from "./csv.server";

describe("toCsv", () => {
  it("prefixes text cells starting with = + - @ TAB or CR with a quote; numbers and other text stay as they are", () => {
    const csv = toCsv(
      ["name", "n"],
      [
        ['=HYPERLINK("http://x","y")', 1],
        ["+1+1", 2],
        ["-2+3", 3],
        ["@SUM(A1)", 4],
        ["\tcmd", 5],
        ["\rcmd", 6],
        ["Coalición MX", -4],
        ["plain", null],
      ],
    );
    expect(csv.split("\n")).toEqual([
      "\uFEFFname,n",
      `"'=HYPERLINK(""http://x"",""y"")",1`,
      "'+1+1,2",
      "'-2+3,3",
      "'@SUM(A1),4",
      "'\tcmd,5",
      `"'\rcmd",6`,
      "Coalición MX,-4",
      "plain,",
      "",
    ]);
  });
});
