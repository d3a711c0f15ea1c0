import { describe, expect, it } from "vitest";
import { withoutImpliedAlternatives } from "./tsquery-alternatives";

describe("withoutImpliedAlternatives", () => {
  it("drops the alternatives another one already covers, and keeps the words as typed", () => {
    expect(
      withoutImpliedAlternatives([
        "'foreign' & ('agents' | 'agent') & 'law':*",
        "'foreign' & 'agent' & 'law'",
        "'foreign' & 'agent'",
        "'ley' & 'agent' & 'extranjer'",
        "'agent' & 'extranjer'",
      ]),
    ).toEqual(["'foreign' & ('agents' | 'agent') & 'law':*", "'foreign' & 'agent'", "'agent' & 'extranjer'"]);
  });

  it("treats a prefix as covering the words it starts", () => {
    expect(
      withoutImpliedAlternatives([
        "('defensoras':* | 'defensor')",
        "'defensoras'",
        "'defensor' & 'derech'",
        "'defensores'",
      ]),
    ).toEqual(["('defensoras':* | 'defensor')", "'defensores'"]);
    // A prefix does not cover a word it is not the start of, nor a shorter prefix.
    expect(withoutImpliedAlternatives(["'law'", "'law':*", "'lawyer'"])).toEqual(["'law'", "'law':*"]);
  });

  it("keeps alternatives that only overlap, and the first of two equivalent ones", () => {
    expect(withoutImpliedAlternatives(["'a' & 'b'", "'a' & 'c'", "'b' & 'a'", "'c'"])).toEqual([
      "'a' & 'b'",
      "'c'",
    ]);
    expect(withoutImpliedAlternatives(["'x'", "'a' & 'b'", "'b' & 'a'"])).toEqual(["'x'", "'a' & 'b'"]);
  });

  it("never drops what it cannot read", () => {
    expect(withoutImpliedAlternatives(["'a'", "'a' <-> 'b'", "!'a'"])).toEqual([
      "'a'",
      "'a' <-> 'b'",
      "!'a'",
    ]);
  });
});
