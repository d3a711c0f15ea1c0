import { ensureTemplate, withAdmin } from "../support/test-db";

export default async function setup() {
  await ensureTemplate();
  // Databases left behind by killed runs (older than an hour) are removed.
  // Best effort: a database another run drops at the same moment makes pg_stat_file fail; skip then.
  await withAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'puente_test\\_%' AND datname NOT LIKE 'puente_test_tpl_%'
         AND (pg_stat_file('base/' || oid || '/PG_VERSION')).modification < now() - interval '1 hour'`,
    );
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }).catch(() => {});
}
