import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { dropDatabasesStartingWith, ensureTemplate, withAdmin } from "../support/test-db";

declare module "vitest" {
  export interface ProvidedContext {
    /** This run's mark in the names of the databases its test files create (tests/setup/per-file.ts). */
    testRun: string;
  }
}

export default async function setup(project: TestProject) {
  await ensureTemplate();
  const run = randomBytes(3).toString("hex");
  project.provide("testRun", run);
  // Databases left behind by killed runs (older than an hour) are removed.
  // Best effort: a database another run drops at the same moment makes pg_stat_file fail; skip then.
  await withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'puente_test\\_%' AND datname NOT LIKE 'puente_test_tpl_%'
         AND (pg_stat_file('base/' || oid || '/PG_VERSION')).modification < now() - interval '1 hour'`,
    );
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }).catch(() => {});
  // The test files' databases, all together once every file has finished (see dropDatabasesStartingWith).
  return async () => {
    await dropDatabasesStartingWith(`puente_test_${run}_`);
  };
}
