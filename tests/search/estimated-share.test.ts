// The estimate that steers a broad text to the postedAt walk (ADR 0012): read as PostgreSQL's planner
// reads a tsquery's selectivity, from the text column's most common lexemes.
import { describe, expect, it } from "vitest";
import { estimatedShare, type TermStats } from "~/features/search/services/pg-search-index.server";

const stats: TermStats = {
  shares: new Map([
    ["organiz", 0.4],
    ["organis", 0.3],
    ["segur", 0.3],
    ["digital", 0.5],
    ["it's", 0.1],
  ]),
  rare: 0.02,
};

describe("estimatedShare", () => {
  it("reads lexemes, prefixes, alternatives and conjunctions as the planner does", () => {
    expect(estimatedShare("'segur'", stats)).toBeCloseTo(0.3);
    // Not among the most common lexemes: half the least share.
    expect(estimatedShare("'alcornoque'", stats)).toBeCloseTo(0.01);
    // A prefix: the shares of the lexemes it starts, added.
    expect(estimatedShare("'organi':*", stats)).toBeCloseTo(0.7);
    expect(estimatedShare("'segur' | 'digital'", stats)).toBeCloseTo(0.3 + 0.5 - 0.15);
    expect(estimatedShare("('segur' | 'x') & 'digital':*", stats)).toBeCloseTo((0.3 + 0.01 - 0.003) * 0.5);
    expect(estimatedShare("'segur' & 'digital'", stats)).toBeCloseTo(0.15);
    expect(estimatedShare("!'segur'", stats)).toBeCloseTo(0.7);
    expect(estimatedShare("'it''s'", stats)).toBeCloseTo(0.1);
  });

  it("gives no estimate for text it cannot read", () => {
    expect(estimatedShare("'segur' &", stats)).toBeNull();
    expect(estimatedShare("('segur'", stats)).toBeNull();
    expect(estimatedShare("", stats)).toBeNull();
  });
});
