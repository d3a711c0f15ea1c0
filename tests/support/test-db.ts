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
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`));
  return name;
}

export async function dropDatabase(name: string) {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
