import { describe, expect, it } from "vitest";
import { parseBreakdown } from "./breakdown";

describe("parseBreakdown", () => {
  it("reads the matcher's ScoreBreakdown", () => {
    const b = parseBreakdown(
      {
        factors: {
          topic: { value: 0.5, weight: 3, contribution: 15 },
          language: { value: 1, weight: 2, contribution: 20 },
        },
        baseScore: 35,
        fairnessPenalty: 2.5,
        score: 32.5,
        details: {},
      },
      0,
    );
    expect(b).toEqual({
      factors: [
        { key: "topic", value: 0.5, contribution: 15 },
        { key: "language", value: 1, contribution: 20 },
      ],
      fairnessPenalty: 2.5,
      score: 32.5,
      manual: false,
      warnings: [],
    });
  });

  it("reads the demo seed's shape (total) and a manual one with warnings", () => {
    expect(
      parseBreakdown(
        {
          factors: { geography: { value: 0.6, weight: 20, contribution: 12 } },
          fairnessPenalty: 4,
          total: 70.5,
        },
        0,
      ).score,
    ).toBe(70.5);
    const manual = parseBreakdown(
      { factors: {}, score: 40, manual: true, hardFilterWarnings: ["coverage", 3] },
      0,
    );
    expect(manual).toMatchObject({ manual: true, warnings: ["coverage"], score: 40 });
  });

  it("falls back to the stored score for anything malformed", () => {
    expect(parseBreakdown(null, 61)).toEqual({
      factors: [],
      fairnessPenalty: 0,
      score: 61,
      manual: false,
      warnings: [],
    });
    expect(parseBreakdown({ factors: { topic: null } }, 5).factors).toEqual([
      { key: "topic", value: 0, contribution: 0 },
    ]);
  });
});
