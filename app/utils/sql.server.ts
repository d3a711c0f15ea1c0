// A small node-postgres pool for the hottest reads: the session lookup behind every page, the boards and
// search. Through Prisma (6.19's WASM query compiler) a statement costs 1.3–2 ms of Node CPU to compile,
// through `pg` 0.3–0.5 ms (measured with process.cpuUsage over 200 statements, and in bench:web). Writes
// and everything else stay on Prisma. SQL is built with Prisma.sql: parameterised, never concatenated.
import pg from "pg";
import { connectionSettings, pgPoolConfig } from "./connections.server";
import type { Prisma } from "~/generated/prisma/client";
import { setting } from "./env-schema";

const pools = new Map<string, pg.Pool>();

// Prisma stores DateTime as `timestamp(3)` (no time zone) holding UTC; `pg` would read it in the process's
// local time zone. Read it as UTC, as Prisma does, whatever TZ the server runs with.
const TIMESTAMP_OID = 1114;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary"
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * The pool for a database (DATABASE_URL by default), created on first use: DATABASE_READ_POOL_MAX
 * connections. No connection startup options (`-c name=value`): a pooler such as PgBouncer in transaction
 * mode refuses them, so a statement that needs a setting sets it inside its own transaction (SET LOCAL;
 * see PgSearchIndex's steered reads).
 */
export function sqlPool(url: string | undefined = setting("DATABASE_URL")): pg.Pool {
  if (!url) throw new Error("DATABASE_URL is not set");
  let pool = pools.get(url);
  if (!pool) {
    const settings = connectionSettings();
    pool = new pg.Pool({
      // A dead database must answer quickly with an error (friendly 503), not hang the request.
      ...pgPoolConfig(url, { max: settings.DATABASE_READ_POOL_MAX, settings }),
      types,
      // No JIT compilation for these short reads: PostgreSQL compiles a statement whose estimated cost
      // passes jit_above_cost, and the needs board's statement at 100,000 needs spent 10.6 s compiling for
      // 0.2 s of execution (EXPLAIN ANALYZE, issue 18). A plain SET once connected, not a startup option
      // (see above); a pooler in transaction mode may drop it, which costs time, not correctness.
      onConnect: async (client: pg.ClientBase) => {
        await client.query("SET jit = off");
      },
    });
    // An idle connection dropped by the server (restart, test database removed) must not crash the process.
    pool.on("error", () => {});

    pools.set(url, pool);
  }
  return pool;
}

/** Runs a read built with Prisma.sql and returns its rows. */
export async function sqlRows<T>(query: Prisma.Sql): Promise<T[]> {
  return (await sqlPool().query(query.text, query.values)).rows as T[];
}

export async function closeSqlPools() {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.end().catch(() => {})));
}
