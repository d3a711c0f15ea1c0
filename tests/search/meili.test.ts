// The Meilisearch SearchIndex runs the same contract as PostgreSQL. No Meilisearch server exists on our
// machines (none in apt or npm): the suite runs when MEILI_URL points at one, and is reported as skipped
// otherwise. Each run uses its own index, dropped afterwards.
import { randomBytes } from "node:crypto";
import { closeSqlPools } from "~/utils/sql.server";
import { afterAll, describe, expect, it } from "vitest";
import { getSearchIndex } from "~/features/search/services/backend.server";
import { MeiliSearchIndex } from "~/features/search/services/meili-search-index.server";
import { searchContract } from "./contract";

// An empty MEILI_URL (as .env.example leaves it) means "not configured".
const meiliUrl = process.env.MEILI_URL || undefined;

// The search pool of this file's database is closed before the database is dropped.
afterAll(() => closeSqlPools());
describe.skipIf(!meiliUrl)("Meilisearch search index: contract", () => {
  const index = new MeiliSearchIndex({
    host: meiliUrl || "http://127.0.0.1:7700",
    apiKey: process.env.MEILI_KEY || undefined,
    indexUid: `puente_test_${randomBytes(4).toString("hex")}`,
  });
  afterAll(() => index.destroy());
  searchContract(async () => index);
});

describe("Meilisearch search index: selection and failure", () => {
  it("is the index chosen when MEILI_URL is set, PostgreSQL otherwise", () => {
    expect(getSearchIndex({ env: { MEILI_URL: "http://127.0.0.1:7700" } }).backend).toBe("meilisearch");
    expect(getSearchIndex({ env: {} }).backend).toBe("postgres");
    // Kept per configuration, so its tsquery cache and what it learnt of the database last.
    expect(getSearchIndex({ env: {} })).toBe(getSearchIndex({ env: {} }));
    expect(getSearchIndex({ env: { MEILI_URL: "http://127.0.0.1:7700" } })).not.toBe(
      getSearchIndex({ env: {} }),
    );
  });

  it("rejects writes when the server is unreachable (the job is then retried)", async () => {
    const dead = new MeiliSearchIndex({
      host: "http://127.0.0.1:9",
      indexUid: "puente_dead",
      timeoutMs: 2_000,
    });
    await expect(dead.remove(["need:x"])).rejects.toThrow();
  });
});
