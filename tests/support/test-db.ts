// Test databases: a template with every migration applied (named after a hash of the migrations, so it
// is rebuilt only when they change), and one database per test file cloned from it. Test files run in
// parallel and never touch the demo database.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export const adminUrl =
  process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string) {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export function migrationsHash() {
  const dir = path.resolve("prisma/migrations");
  const hash = createHash("sha256");
  for (const entry of readdirSync(dir).sort()) {
    if (entry.endsWith(".toml")) continue;
    hash.update(entry);
    hash.update(readFileSync(path.join(dir, entry, "migration.sql")));
  }
  return hash.digest("hex").slice(0, 10);
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function templateName() {
  return `puente_test_tpl_${migrationsHash()}`;
}

/** Creates the template database by running the real migrations through Prisma's CLI. */
export async function ensureTemplate() {
  const name = templateName();
  const exists = await withAdmin(
    async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount,
  );
  if (exists) return name;
  const building = `${name}_building_${randomBytes(3).toString("hex")}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${building}"`));
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl(building) },
    stdio: "pipe",
  });
  await withAdmin(async (c) => {
    try {
      await c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } catch {
      // Another run built it at the same moment: theirs is as good as ours.
      await c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    }
  });
  return name;
}

export async function createDatabaseFromTemplate(prefix = "puente_test") {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  await withAdmin(async (c) => {
    await c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`);
    // A commit does not wait for its WAL to reach the disk (tests write a lot and each wait is a disk
    // flush shared with everything else on the machine). Only a crash of PostgreSQL itself could lose the
    // last moment's commits of a throwaway database; what a transaction sees and what it locks is unchanged.
    await c.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
  });
  return name;
}

export async function dropDatabase(name: string) {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Ends every connection to a database (what DROP ... WITH (FORCE) would do), leaving it in place. */
export async function disconnectEveryone(name: string) {
  await withAdmin((c) =>
    c.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [name],
    ),
  );
}

/**
 * Drops the databases whose names start with `prefix`, several at a time. Each DROP DATABASE makes
 * PostgreSQL 15 run an immediate checkpoint (every dirty page of the cluster written and synced) before it
 * returns; drops that run side by side share the checkpoints, so a run drops its databases together at the
 * end rather than one per test file while the others work.
 */
export async function dropDatabasesStartingWith(prefix: string, parallel = 8) {
  const names = await withAdmin(async (c) =>
    (
      await c.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname",
        [prefix],
      )
    ).rows.map((r) => r.datname),
  );
  let next = 0;
  const dropper = async () => {
    while (next < names.length) await dropDatabase(names[next++]);
  };
  await Promise.all(Array.from({ length: parallel }, dropper));
  return names.length;
}
