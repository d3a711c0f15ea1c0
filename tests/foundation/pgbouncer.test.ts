// Behind PgBouncer in transaction mode (the connection pooler most deployments put in front of
// PostgreSQL): it refuses connection startup parameters it does not track, `options` above all, and
// hands each transaction whatever server connection is free, so a session setting does not stick.
// Every pool connects here through tests/support/startup-gate.ts, which refuses parameters exactly as
// PgBouncer does, with the README's settings for a pooler (server-side timeouts not sent at start).
// Search's steered statements then set their planner setting in their own transaction (SET LOCAL).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchScope } from "~/features/auth/policy";
import { allSearchDocs } from "~/features/search/services/documents.server";
import { PgSearchIndex } from "~/features/search/services/pg-search-index.server";
import { Prisma } from "~/generated/prisma/client";
import { db, disconnectDb } from "~/utils/db.server";
import { closeSqlPools, sqlPool, sqlRows } from "~/utils/sql.server";
import { createSearchFixtures, type SearchFixtures } from "../search/fixtures";
import { startStartupGate } from "../support/startup-gate";

const POOLER_ENV = { DATABASE_STATEMENT_TIMEOUT_MS: "0", DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: "0" };
let gate: Awaited<ReturnType<typeof startStartupGate>>;
let direct: string;
let fx: SearchFixtures;
let rum: boolean;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  fx = await createSearchFixtures();
  await new PgSearchIndex(db()).reindex(allSearchDocs(db()));
  [{ rum }] = await db().$queryRaw<[{ rum: boolean }]>`
    SELECT to_regclass('"SearchDocument_tsv_rum_idx"') IS NOT NULL AS rum`;
  gate = await startStartupGate();
  direct = process.env.DATABASE_URL!;
  for (const [k, v] of Object.entries(POOLER_ENV)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  await disconnectDb();
  await closeSqlPools();
  process.env.DATABASE_URL = gate.url(direct);
});

afterAll(async () => {
  await disconnectDb();
  await closeSqlPools();
  process.env.DATABASE_URL = direct;
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await gate?.stop();
});

describe("through a pooler that refuses connection startup options", () => {
  it("refuses what PgBouncer refuses (the gate itself)", async () => {
    const client = new pg.Client({ connectionString: gate.url(direct), options: "-c enable_bitmapscan=off" });
    await expect(client.connect()).rejects.toThrow(/unsupported startup parameter: options/);
    await client.end().catch(() => {});
    gate.refused.length = 0;
  });

  it("reads, writes and searches, steered statements included, without a refused connection", async () => {
    expect((await db().user.count()) > 0).toBe(true);
    const [row] = await sqlRows<{ one: number }>(Prisma.sql`SELECT 1 AS one`);
    expect(row?.one).toBe(1);

    const index = new PgSearchIndex(db());
    expect(await index.hasOrderedIndex()).toBe(rum);
    // Text alone over the secretariat's scope (everything): with the RUM index this is the steered
    // statement, which reads with bitmap scans off.
    const scope = searchScope(fx.viewers.secretariat);
    for (const text of ["organizacion", "ley registro"]) {
      const result = await index.query({ text }, scope);
      expect(result.total, text).toBeGreaterThan(0);
    }
    expect(gate.refused).toEqual([]);

    // The setting lived in the statement's transaction only: every connection of the pool is as it was.
    const pool = sqlPool();
    const clients = await Promise.all(Array.from({ length: 3 }, () => pool.connect()));
    try {
      for (const c of clients)
        expect(
          (await c.query<{ enable_bitmapscan: string }>("SHOW enable_bitmapscan")).rows[0]!.enable_bitmapscan,
        ).toBe("on");
    } finally {
      for (const c of clients) c.release();
    }
  });
});
