// The connection budget of a web process: Prisma's pool (DATABASE_POOL_MAX) plus the `pg` pool for hot
// reads and search (DATABASE_READ_POOL_MAX), nothing else. PostgreSQL's default limit is 100
// connections, so the budget decides how many processes fit (README, "Connection budget"). Here it is set
// small, the production build serves concurrent pages and searches in this process, and PostgreSQL
// itself counts the connections it holds for this file's database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "~/utils/db.server";
import { connectionSettings } from "~/utils/connections.server";
import { closeSqlPools } from "~/utils/sql.server";
import { send } from "../support/app";
import { createNeed, createNetwork, createOffer } from "../support/factories";
import { createTestSession } from "../support/sessions";
import { withAdmin } from "../support/test-db";

const BUDGET = { DATABASE_POOL_MAX: "2", DATABASE_READ_POOL_MAX: "1" };
// pg's pool counts the wait for a free connection against its connect timeout (3 s by default). Forty
// requests queued on three connections can wait longer than that on a loaded two-core machine, and then
// fail with a timeout that says nothing about the budget; this file is about how many connections are
// held, so the wait may be long here.
const SETTINGS = { ...BUDGET, DATABASE_CONNECT_TIMEOUT_MS: "60000" };
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  await disconnectDb();
  await closeSqlPools();
  for (const [k, v] of Object.entries(SETTINGS)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});

afterAll(async () => {
  await disconnectDb();
  await closeSqlPools();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("a web process's PostgreSQL connections", () => {
  it("has one documented default per pool", () => {
    const defaults = connectionSettings({});
    expect(defaults.DATABASE_POOL_MAX + defaults.DATABASE_READ_POOL_MAX).toBe(16);
  });

  it("never holds more than DATABASE_POOL_MAX + DATABASE_READ_POOL_MAX, however many requests wait", async () => {
    const n = await createNetwork();
    for (let i = 0; i < 5; i++) {
      await createNeed({ organisationId: n.coalition.id, createdById: n.coalitionUser.id });
      await createOffer({ organisationId: n.expert.id, createdById: n.expertUser.id });
    }
    const { cookie } = await createTestSession(n.secretariatUser.id, {
      activeOrganisationId: n.secretariat.id,
      twoFactorVerified: true,
    });
    const name = new URL(process.env.DATABASE_URL!).pathname.slice(1);
    let most = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const count = await withAdmin(async (c) =>
          Number(
            (
              await c.query<{ n: string }>(
                "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                [name],
              )
            ).rows[0]!.n,
          ),
        );
        most = Math.max(most, count);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const pages = ["/needs", "/offers", "/needs?q=registro", "/offers?q=legal", "/engagements", "/settings"];
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => send(pages[i % pages.length]!, { cookie }).then((r) => r.status)),
    );
    sampling = false;
    await sampler;
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(
      Number(BUDGET.DATABASE_POOL_MAX) + Number(BUDGET.DATABASE_READ_POOL_MAX),
    );
  });
});
