// A small node-postgres pool for search queries. Search is the hottest read of the boards: through
// Prisma's raw-query path a statement cost 1.3–2 ms of Node CPU on our machines, through `pg` 0.3–0.5 ms
// (measured with process.cpuUsage over 200 statements), so queries go straight to `pg`. The SQL is still
// built with Prisma.sql: parameterised, never concatenated.
import pg from "pg";

const pools = new Map<string, pg.Pool>();

export function searchPool(url: string | undefined = process.env.DATABASE_URL): pg.Pool {
  if (!url) throw new Error("DATABASE_URL is not set");
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: url,
      max: 4,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 3_000,
    });
    // An idle connection dropped by the server (restart, test database removed) must not crash the process.
    pool.on("error", () => {});
    pools.set(url, pool);
  }
  return pool;
}

export async function closeSearchPools() {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.end().catch(() => {})));
}
