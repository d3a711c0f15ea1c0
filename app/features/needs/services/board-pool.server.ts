// A small node-postgres pool for the boards' hot reads. Through Prisma a statement costs 1.3–2 ms of Node
// CPU (query compilation), through `pg` 0.3–0.5 ms (the search engineer measured it, see
// app/features/search/services/pg-pool.server.ts); a board page runs several. SQL is still built with
// Prisma.sql: parameterised, never concatenated.
import pg from "pg";
import type { Prisma } from "~/generated/prisma/client";

const pools = new Map<string, pg.Pool>();

function pool(): pg.Pool {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  let p = pools.get(url);
  if (!p) {
    p = new pg.Pool({
      connectionString: url,
      max: 4,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 3_000,
    });
    // An idle connection dropped by the server (restart, test database removed) must not crash the process.
    p.on("error", () => {});
    pools.set(url, p);
  }
  return p;
}

export async function boardQuery<T>(sql: Prisma.Sql): Promise<T[]> {
  return (await pool().query(sql.text, sql.values)).rows as T[];
}
